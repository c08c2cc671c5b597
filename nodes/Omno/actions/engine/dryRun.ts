import type { IDataObject } from 'n8n-workflow';

import { maskRequestBody } from '../../helpers/mask';
import type { PreparedRequest } from '../operation';

/** The dry-run phase's item: the request as it would be sent, card data masked. */
export function dryRunJson(request: PreparedRequest): IDataObject {
	const json: IDataObject = {
		dryRun: true,
		orderId: request.orderId,
		request: {
			method: request.method,
			path: request.path,
			body: maskRequestBody(request.body) as IDataObject,
		},
	};
	if (request.followUp) json.followUp = maskRequestBody(request.followUp) as IDataObject;
	return json;
}
