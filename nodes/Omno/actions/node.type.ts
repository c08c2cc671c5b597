import type { AllEntities } from 'n8n-workflow';

type OmnoMap = {
	payIn: 'get';
	payout: 'get';
};

export type OmnoType = AllEntities<OmnoMap>;
