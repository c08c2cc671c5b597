import type { AllEntities } from 'n8n-workflow';

type OmnoMap = {
	cashier: 'createSession' | 'updateBalance';
	directLink: 'startPayIn' | 'startPayout';
	payIn: 'create' | 'get' | 'processCard' | 'processDirectLink' | 'processSavedCard';
	paymentPage: 'create';
	payout: 'confirm' | 'create' | 'get' | 'processDirectLink' | 'reject';
	transaction: 'get';
};

export type OmnoType = AllEntities<OmnoMap>;
