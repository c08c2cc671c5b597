import type { AllEntities } from 'n8n-workflow';

type OmnoMap = {
	cashier: 'createSession' | 'updateBalance';
	payIn: 'get';
	payout: 'confirm' | 'create' | 'get' | 'processDirectLink' | 'reject';
	transaction: 'get';
};

export type OmnoType = AllEntities<OmnoMap>;
