import type { AllEntities } from 'n8n-workflow';

type OmnoMap = {
	payIn: 'get';
	payout: 'confirm' | 'get' | 'reject';
};

export type OmnoType = AllEntities<OmnoMap>;
