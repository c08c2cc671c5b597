import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { PAYOUT_STATUSES, PAY_IN_STATUSES } from '../Omno/domain/statuses';
import { omnoWebhookAuthTest } from './credentialTest';
import { forgetRepeats } from './repeats';
import { handleDelivery, scopeOf } from './webhook';

const statusOptions = [...new Set<string>([...PAY_IN_STATUSES, ...PAYOUT_STATUSES])].sort().map((status) => {
	const payIn = (PAY_IN_STATUSES as readonly string[]).includes(status);
	const payout = (PAYOUT_STATUSES as readonly string[]).includes(status);
	return {
		name: status,
		value: status,
		description: payIn && payout ? 'Pay-ins and payouts' : payIn ? 'Pay-ins' : 'Payouts',
	};
});

/** The URL n8n serves this trigger on; lifecycle methods refuse to run without one. */
function webhookUrlOf(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(context.getNode(), 'n8n has no webhook URL for this OMNO Trigger', {
			description: 'Check that n8n knows its public address (WEBHOOK_URL), then activate the workflow again.',
		});
	}
	return url;
}

export class OmnoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OMNO Trigger',
		name: 'omnoTrigger',
		icon: { light: 'file:../../icons/omno.svg', dark: 'file:../../icons/omno.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ "On " + ($parameter["transactionKind"] === "both" ? "pay-ins and payouts" : $parameter["transactionKind"]) }}',
		description: 'Starts the workflow when OMNO reports a pay-in or payout status change',
		defaults: { name: 'OMNO Trigger' },
		eventTriggerDescription: 'Waiting for OMNO to call the Test URL',
		activationMessage:
			'OMNO deliveries to the Production URL now start this workflow. If you have not yet, paste the Production URL into the OMNO Dashboard (Developers → Webhooks).',
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'omnoWebhookAuthApi',
				required: true,
				testedBy: 'omnoWebhookAuthTest',
				displayOptions: { show: { deliveryAuthentication: ['credential'] } },
			},
			{
				name: 'omnoOAuth2Api',
				required: true,
				displayOptions: { show: { verifyWithOmno: [true] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// OMNO re-sends a delivery until it gets a 2xx. "Immediately" acknowledges before the workflow runs (at most
				// once: a crash mid-run loses the event); "When the workflow has finished" acknowledges after it (at least
				// once: OMNO re-sends what a crash or a failed step lost), which a ledger needs.
				responseMode: '={{ $parameter["responseMode"] ?? "onReceived" }}',
				path: 'webhook',
				// OMNO only needs a 200; without this n8n would answer with the first item.
				responseData: 'noData',
			},
		],
		properties: [
			{
				displayName:
					'<b>Setup:</b> in the OMNO Dashboard open Developers → Webhooks → Create. Paste this node\'s <b>Production URL</b> (Webhook URLs above → Production URL; the Test URL stops working after a few minutes), choose hook type "Transaction" and select the events you want: pay-in and/or payout status changes. Set the same authorization method as in the credential below, then activate this workflow.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Delivery Authentication',
				name: 'deliveryAuthentication',
				type: 'options',
				options: [
					{
						name: 'Credential (Recommended)',
						value: 'credential',
						description:
							'Only deliveries carrying the secret set in the OMNO Dashboard are accepted; others get 401',
					},
					{
						name: 'None',
						value: 'none',
						description: 'Accept deliveries from anyone who knows the URL',
					},
				],
				default: 'credential',
				description: 'How the trigger checks that a delivery really comes from OMNO',
			},
			{
				displayName:
					'<b>Warning:</b> without delivery authentication anyone who learns this URL can call it. With "Verify with OMNO" on they can only replay real transactions; with it off they can start this workflow with any data.',
				name: 'noAuthenticationNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { deliveryAuthentication: ['none'] } },
			},
			{
				displayName: 'Verify with OMNO',
				name: 'verifyWithOmno',
				type: 'boolean',
				default: true,
				description:
					"Whether to fetch the transaction from OMNO by the delivery's ID and output OMNO's current data. Deliveries OMNO does not know are rejected and start nothing. Needs the OMNO API credential.",
			},
			{
				displayName:
					'<b>Warning:</b> without verification the workflow receives the delivery exactly as sent, unchecked.',
				name: 'noVerificationNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { verifyWithOmno: [false] } },
			},
			{
				displayName: 'Transaction Type',
				name: 'transactionKind',
				type: 'options',
				options: [
					{ name: 'Both', value: 'both' },
					{ name: 'Pay-In', value: 'payIn' },
					{ name: 'Payout', value: 'payout' },
				],
				default: 'both',
				description:
					'Which transactions start the workflow. Without verification the type is read from the delivery, and deliveries that do not say it only pass with Both.',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: statusOptions,
				default: [],
				description:
					"Only these statuses start the workflow; leave empty for any status (including ones OMNO adds later). With verification, OMNO's current status counts.",
			},
			{
				displayName: 'Respond to OMNO',
				name: 'responseMode',
				type: 'options',
				options: [
					{
						name: 'Immediately',
						value: 'onReceived',
						description:
							'OMNO gets its 200 as soon as the delivery is accepted; if n8n stops or a step fails during the run, OMNO does not send it again',
					},
					{
						name: 'When the Workflow Has Finished',
						value: 'lastNode',
						description:
							'OMNO gets its 200 only after the last node succeeded, otherwise a 500, and sends the delivery again: nothing is lost, but a delivery can run twice, so the workflow must be safe to repeat (e.g. an upsert by orderId)',
					},
				],
				default: 'onReceived',
				description:
					'When OMNO is told the delivery arrived. Use When the Workflow Has Finished for a record that must not miss an event (such as the payout ledger); keep such workflows short, OMNO stops waiting after its timeout and sends again.',
			},
			{
				displayName: 'Ignore Repeats',
				name: 'ignoreRepeats',
				type: 'boolean',
				default: false,
				description:
					"Whether to start one run per transaction and status: another delivery for the same transaction ID and status within the window is answered 200 and starts nothing, also when both arrive at the same moment. Remembered by the n8n process that receives deliveries, so it is forgotten when n8n restarts and not shared between several webhook processes (queue mode); there a Remove Duplicates node on the output's repeatKey helps, without a guarantee (see the docs). With Respond When the Workflow Has Finished, the delivery OMNO re-sends after a failed run is ignored too while within the window.",
			},
			{
				displayName: 'Repeat Window (Minutes)',
				name: 'repeatWindowMinutes',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1440 },
				default: 10,
				displayOptions: { show: { ignoreRepeats: [true] } },
				description: 'How long a transaction ID and status are remembered',
			},
		],
	};

	methods = {
		credentialTest: { omnoWebhookAuthTest },
	};

	// OMNO has no API for webhooks: the user registers the URL in the Dashboard. These methods keep a record
	// of the URL and when it went live, so the run history and the logs say what to paste where.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const url = webhookUrlOf(this);
				const data = this.getWorkflowStaticData('node');
				return data.webhookUrl === url;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const url = webhookUrlOf(this);
				const data = this.getWorkflowStaticData('node');
				data.webhookUrl = url;
				data.registeredAt = new Date().toISOString();
				if (url.includes('/webhook-test/')) {
					this.logger.info(
						`OMNO Trigger: listening on the test URL ${url}; it works only while n8n is listening. Paste the Production URL into the OMNO Dashboard instead.`,
					);
				} else {
					this.logger.info(
						`OMNO Trigger: active on ${url}. This is the URL to set in the OMNO Dashboard (Developers → Webhooks).`,
					);
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const url = data.webhookUrl;
				delete data.webhookUrl;
				delete data.registeredAt;
				// Older versions kept their repeat memory here (never saved by n8n); it is in this process now.
				delete data.recentDeliveries;
				forgetRepeats(scopeOf(this));
				this.logger.info(
					`OMNO Trigger: stopped listening${typeof url === 'string' ? ` on ${url}` : ''}. OMNO keeps sending until the webhook is deleted in the OMNO Dashboard.`,
				);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery(this);
	}
}
