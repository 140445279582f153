/**
 * The stable key of each validation rule: both engines refuse the same bad settings or query with
 * the same rule (pkg/models/errors.go gives each Go sentinel its rule), and the validation vectors
 * in conformance/validation pin them down. Settings rules go with the code `invalidSettings`,
 * query rules with `invalidQuery`.
 */
export type ValidationRule =
  // Settings
  | 'settingsJson'
  | 'unknownCloud'
  | 'unknownApi'
  | 'missingTenant'
  | 'badTenant'
  | 'missingClientId'
  | 'badClientId'
  | 'missingSecret'
  | 'badEndpoint'
  | 'badMaxEvents'
  | 'badRetentionDays'
  | 'badIngestionDelay'
  | 'badRequestBudget'
  | 'badThrottleGiveUpMinutes'
  | 'badStoreRetentionDays'
  | 'badStoreSyncSeconds'
  | 'badStoreBudgetShare'
  | 'unknownQueryMode'
  | 'unknownAuthMethod'
  | 'missingCertificate'
  | 'certificateNeedsServer'
  // Query
  | 'queryJson'
  | 'badRefId'
  | 'unknownFormat'
  | 'unknownGroupBy'
  | 'badFilters'
  | 'unknownFilterField'
  | 'unknownOperator'
  | 'badFilterValues'
  | 'badTopN'
  | 'badGroups'
  | 'badRawFilter'
  | 'badBucket'
  | 'badRange';
