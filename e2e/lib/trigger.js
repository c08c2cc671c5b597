'use strict';
/**
 * What the OMNO Trigger e2e files (e2e/trigger.test.js, e2e/trigger-repeats.test.js) share: whether the built
 * trigger exists (a trigger that is built but not registered in package.json is a failure of its own), and the
 * names of the webhook credential's fields as the built credential declares them (what the editor stores).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./omno');

const TRIGGER_FILE = 'dist/nodes/OmnoTrigger/OmnoTrigger.node.js';
/** A describe() skip reason while the trigger is not built, else false. */
const notBuilt = fs.existsSync(path.join(ROOT, TRIGGER_FILE)) ? false : `${TRIGGER_FILE} not built yet`;

/**
 * The credential's fields for one auth type: { name: the plain field (header name, user, query parameter name),
 * secret: the password field }.
 */
function webhookAuthFields(authType) {
	const { OmnoWebhookAuthApi } = require(
		path.join(ROOT, 'dist', 'credentials', 'OmnoWebhookAuthApi.credentials.js'),
	);
	const fields = new OmnoWebhookAuthApi().properties.filter((p) =>
		p.displayOptions?.show?.authType?.includes(authType),
	);
	const secret = fields.find((p) => p.typeOptions?.password);
	const name = fields.find((p) => !p.typeOptions?.password);
	assert.ok(secret && name, `omnoWebhookAuthApi has a name and a secret field for ${authType}`);
	return { name: name.name, secret: secret.name };
}
const headerSecretField = () => webhookAuthFields('header').secret;

module.exports = { TRIGGER_FILE, notBuilt, webhookAuthFields, headerSecretField };
