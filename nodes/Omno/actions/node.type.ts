import type { AllEntities } from 'n8n-workflow';

type OmnoMap = {
	payIn: 'get';
	payout: 'confirm' | 'get' | 'reject';
	transaction: 'get';
};

export type OmnoType = AllEntities<OmnoMap>;
