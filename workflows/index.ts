// Every workflow the gongkai worker runs. The worker bundles this file (and
// what it imports) with Temporal's bundler: relative imports only, no Node
// built-ins, no tsconfig path aliases.
export { publicationReview } from './publication-review';
export { publicationRetraction } from './publication-retraction';
export { policyPackage } from './policy-package';
export { consultation } from './consultation';
export { disclosureRequest } from './disclosure-request';
