/** Every detection scenario, one per workflow in examples/detections. */
import { bulkReveal } from './bulk-reveal-or-export';
import { exportBeforeSuspension } from './export-before-suspension';
import { failedBurst } from './failed-sign-in-burst';
import { firewallChanged } from './firewall-rules-changed';
import { integrationSilent } from './integration-silent';
import { mfaDisabled } from './mfa-disabled';
import { newSignInPlace } from './new-sign-in-place';
import { privilegedGroup } from './privileged-group-granted';
import type { DetectionScenario } from './scenario';
import { sensitiveItem } from './sensitive-item-used';
import { sensitiveVault } from './sensitive-vault-permissions-changed';
import { serviceAccount } from './service-account-changed';
import { ssoChanged } from './sso-or-sign-in-policy-changed';
import { invitedByHand } from './user-invited-by-hand';
import { vaultExport } from './vault-export';

export const DETECTION_SCENARIOS: readonly DetectionScenario[] = [
	mfaDisabled,
	ssoChanged,
	firewallChanged,
	privilegedGroup,
	sensitiveVault,
	vaultExport,
	serviceAccount,
	invitedByHand,
	bulkReveal,
	exportBeforeSuspension,
	failedBurst,
	newSignInPlace,
	sensitiveItem,
	integrationSilent,
];
