import type { AllEntities } from 'n8n-workflow';

import type { Registry } from './registry';

/** Resource → its operation names, read from the registry (the only list). */
export type OmnoMap = { [R in keyof Registry]: keyof Registry[R]['operations'] & string };

export type OmnoType = AllEntities<OmnoMap>;
