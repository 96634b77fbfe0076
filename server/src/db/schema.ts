import type { ColumnType, Generated } from 'kysely';
import type {
  AllocationMode,
  ApplicationStatus,
  BatchState,
  DirectionStatus,
  FreeChoiceMode,
  FreeChoiceOutcome,
  KindergartenType,
  QueueClass,
  SiblingPriorityMode,
} from '@kezek/domain';

type Instant = ColumnType<Date, Date, Date>;
type Json = ColumnType<unknown, string | null, string | null>;
/** A JSON column that always holds an object. */
type JsonObject = ColumnType<object, string, string>;
/** A nullable column that an insert may leave out. */
type Later<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface RegionsTable {
  id: Generated<number>;
  code: string;
  name_kk: string;
  name_ru: string;
  name_en: string;
  created_at: Instant;
}

export interface DistrictsTable {
  id: Generated<number>;
  region_id: number;
  name_kk: string;
  name_ru: string;
  name_en: string;
  created_at: Instant;
}

export interface KindergartensTable {
  id: Generated<number>;
  district_id: number;
  name_kk: string;
  name_ru: string;
  type: KindergartenType;
  languages: string[];
  address: string;
  lat: number | null;
  lon: number | null;
  phone: string | null;
  website: string | null;
  email: string | null;
  owner_iin: string | null;
  bin: Later<string>;
  created_at: Instant;
  updated_at: Instant;
}

export interface UsersTable {
  id: Generated<number>;
  iin: string;
  full_name: string;
  roles: string[];
  password_hash: string | null;
  email: string | null;
  phone: string | null;
  active: Generated<boolean>;
  created_at: Instant;
  updated_at: Instant;
}

export interface UserKindergartensTable {
  user_id: number;
  kindergarten_id: number;
}

export interface UserDistrictsTable {
  user_id: number;
  district_id: number;
}

export interface RegionPoliciesTable {
  region_id: number;
  age_limit_years: Generated<number>;
  turn_window_days: Generated<number>;
  enrol_working_days: Generated<number>;
  stop_list_working_days: Generated<number>;
  max_expiries: Generated<number>;
  extension_max_days: Generated<number>;
  revoke_hours: Generated<number>;
  interest_months: Generated<number>;
  first_priority_ratio: Generated<number[]>;
  private_min_age_years: Generated<number>;
  benefit_doc_max_age_days: Generated<number>;
  allocation: Generated<AllocationMode>;
  free_choice: Generated<FreeChoiceMode>;
  free_choice_window_minutes: Generated<number>;
  sibling_priority: Generated<SiblingPriorityMode>;
  updated_at: Instant;
}

export interface CalendarOverridesTable {
  date: ColumnType<string, string, string>;
  kind: string;
  name: string;
  updated_by: number | null;
  updated_at: Instant;
}

export interface SessionsTable {
  sid: string;
  data: JsonObject;
  expires_at: Instant;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface HistoryTable {
  id: Generated<string>;
  at: Instant;
  actor: string;
  event: string;
  subject_type: string;
  subject_id: string;
  before: Json;
  after: Json;
  evidence: string | null;
  prev_hash: string;
  hash: string;
}

export interface HistoryHeadTable {
  id: Generated<boolean>;
  last_hash: string;
}

export interface PersonsTable {
  iin: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: ColumnType<string, string, string>;
  sex: string;
}

export interface PersonParentsTable {
  child_iin: string;
  parent_iin: string;
}

export interface UsedNoncesTable {
  nonce: string;
  expires_at: Instant;
}

/** Wrong passwords given for an IIN, from any address (auth/sign-in-backoff.ts). */
export interface SignInFailuresTable {
  iin: string;
  failures: number;
  not_before: Instant;
  last_failed_at: Instant;
}

export interface DemoPkiTable {
  name: string;
  pem: string;
}

export interface DemoKeysTable {
  iin: string;
  key_type: string;
  full_name: string;
  role: string;
  p12: Buffer;
}

export interface OutboxTable {
  id: Generated<string>;
  channel: string;
  recipient: string;
  user_id: number | null;
  language: string;
  subject: string;
  body: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Instant;
  last_error: string | null;
  created_at: Instant;
  sent_at: Instant | null;
}

export interface DocumentsTable {
  id: Generated<string>;
  owner_user_id: number | null;
  application_id: string | null;
  kind: string;
  language: string;
  title: string;
  content_type: string;
  /** Null until a generated document is first read (rendered from `source`). */
  sha256: string | null;
  size: number | null;
  content: Buffer | null;
  /** What a generated document says (documents/store.ts): rendered from it when first read. */
  source: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Instant;
}

/** An application's ranked kindergartens, best first (migration 0033). */
export interface ApplicationPreferencesTable {
  application_id: string;
  rank: number;
  kindergarten_id: number;
}

/** An application's "any within N km of home" (migration 0037; docs/rules.md, "Ranked preferences"). */
export interface ApplicationNearbyTable {
  application_id: string;
  radius_km: number;
  home_lat: number;
  home_lon: number;
}

/** A transfer request of an enrolled child (migration 0035; docs/rules.md, "Transfers"). */
export interface TransferRequestsTable {
  id: Generated<string>;
  application_id: string;
  enrolment_id: string;
  kindergarten_ids: number[];
  requested_at: Instant;
  status: 'open' | 'granted' | 'withdrawn';
  decided_at: Later<Date>;
  granted_enrolment_id: Later<string>;
  returned_batch_id: Later<string>;
}

/** A turn a child let pass, declined or lapsed (migration 0036; docs/rules.md, "Ranked preferences"). */
export interface PassedTurnsTable {
  batch_id: string;
  application_id: string;
  passed_at: Instant;
}

export interface ApplicationsTable {
  id: Generated<string>;
  number: string;
  region_id: number;
  district_id: number;
  group_year: number;
  child_iin: string;
  applicant_user_id: number;
  status: ApplicationStatus;
  queue_class: QueueClass;
  benefit_code: string | null;
  benefit_status: string | null;
  registered_at: Instant;
  last_changed_at: Instant;
  interest_confirmed_until: Instant;
  stop_listed_until: Instant | null;
  turn_until: Instant | null;
  language: string;
  email: string;
  phone: string;
  extra_email: string | null;
  extra_phone: string | null;
  address: string | null;
  interest_reminded_for: ColumnType<Date | null, Date | null | undefined, Date | null>;
  turn_batch_id: ColumnType<string | null, string | null | undefined, string | null>;
  expiries: Generated<number>;
  /** The address's parts as the applicant gave them (ApplicantAddress); null before migration 0027. */
  address_parts: ColumnType<object | null, string | null | undefined, string | null>;
  /** The e-government portal's (ПЭП) or a public service centre's (ЦОН) number, if it came so. */
  pep_number: ColumnType<string | null, string | null | undefined, string | null>;
  con_number: ColumnType<string | null, string | null | undefined, string | null>;
  /** The first day of the month a place is wanted from; null: as soon as possible (0029). */
  wanted_from: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the applicant last declined a turn (0034). */
  turn_declined_at: Later<Date>;
  /** The public pseudonym (pseudonym.ts), kept for the transparency log (migration 0039). */
  pseudonym: Later<string>;
}

/**
 * The stored queue numbers of waiting applications (migration 0023, applications/numbering.ts),
 * by number for the public queue (migration 0038, public/queue.ts).
 */
export interface QueueNumbersTable {
  application_id: string;
  district_id: number;
  group_year: number;
  queue_number: number;
  benefit_queue_number: number | null;
}

/** A change of a queue that its stored numbers do not reflect yet (written by triggers). */
export interface QueueChangesTable {
  district_id: number;
  group_year: number;
  id: Generated<string>;
}

export interface ApplicationParentsTable {
  application_id: string;
  user_id: number;
  attached_at: Instant;
}

export interface PlaceBatchesTable {
  id: Generated<string>;
  kindergarten_id: number;
  district_id: number;
  group_year: number;
  language: string;
  total: number;
  free: number;
  state: BatchState;
  turn_until: Instant;
  created_by: number;
  created_at: Instant;
}

/** A batched free-choice request (0032; docs/rules.md, "Batched free choice"). */
export interface FreeChoiceRequestsTable {
  id: Generated<string>;
  application_id: string;
  place_batch_id: string;
  user_id: number;
  evidence: string;
  requested_at: Instant;
  decide_at: Instant;
  window_minutes: number;
  outcome: Later<FreeChoiceOutcome>;
  decided_at: Later<Date>;
  direction_id: Later<string>;
}

export interface DirectionsTable {
  id: Generated<string>;
  number: string;
  verify_code: string;
  application_id: string;
  place_batch_id: string;
  kindergarten_id: number;
  group_year: number;
  language: string;
  status: DirectionStatus;
  issued_at: Instant;
  expires_at: Instant;
  extended_until: Instant | null;
  /** The child's stored queue number at the choice (migration 0028). */
  queue_number: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface EnrolmentsTable {
  id: Generated<string>;
  direction_id: string;
  application_id: string;
  kindergarten_id: number;
  child_iin: string;
  group_year: number;
  enrolled_at: Instant;
  enrolled_by: number;
  departed_on: Later<string>;
  departure_reason: Later<string>;
  departed_by: Later<number>;
  departure_recorded_at: Later<Date>;
}

export interface RefusalsTable {
  id: Generated<string>;
  direction_id: string;
  application_id: string;
  kindergarten_id: number;
  district_id: number;
  reason: string;
  status: string;
  signer_iin: string;
  signer_name: string;
  created_by: number;
  created_at: Instant;
  paused_deadline: Instant;
  decided_by: Later<number>;
  decided_at: Later<Date>;
  comment: Later<string>;
}

export interface Database {
  enrolments: EnrolmentsTable;
  refusals: RefusalsTable;
  directions: DirectionsTable;
  free_choice_requests: FreeChoiceRequestsTable;
  place_batches: PlaceBatchesTable;
  applications: ApplicationsTable;
  application_preferences: ApplicationPreferencesTable;
  application_nearby: ApplicationNearbyTable;
  transfer_requests: TransferRequestsTable;
  passed_turns: PassedTurnsTable;
  application_parents: ApplicationParentsTable;
  queue_numbers: QueueNumbersTable;
  queue_changes: QueueChangesTable;
  outbox: OutboxTable;
  documents: DocumentsTable;
  demo_pki: DemoPkiTable;
  demo_keys: DemoKeysTable;
  used_nonces: UsedNoncesTable;
  mobile_sign_requests: MobileSignRequestsTable;
  queue_imports: QueueImportsTable;
  queue_import_problems: QueueImportProblemsTable;
  sign_in_failures: SignInFailuresTable;
  persons: PersonsTable;
  person_parents: PersonParentsTable;
  regions: RegionsTable;
  districts: DistrictsTable;
  kindergartens: KindergartensTable;
  users: UsersTable;
  user_kindergartens: UserKindergartensTable;
  user_districts: UserDistrictsTable;
  region_policies: RegionPoliciesTable;
  calendar_overrides: CalendarOverridesTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  history: HistoryTable;
  history_head: HistoryHeadTable;
  log_leaves: LogLeavesTable;
  log_nodes: LogNodesTable;
  log_head: LogHeadTable;
  log_tree_heads: LogTreeHeadsTable;
  dashboard_state: DashboardStateTable;
  dashboard_events: DashboardEventsTable;
  dashboard_kindergarten_events: DashboardKindergartenEventsTable;
  dashboard_turn_waits: DashboardTurnWaitsTable;
  dashboard_turn_medians: DashboardTurnMediansTable;
  dashboard_district_sets: DashboardDistrictSetsTable;
  dashboard_set_medians: DashboardSetMediansTable;
  dashboard_queue: DashboardQueueTable;
}

/** The transparency log (migrations 0039, 0040; docs/transparency.md). */
export interface LogLeavesTable {
  leaf_index: string;
  data: string;
  leaf_hash: Buffer;
}

export interface LogNodesTable {
  level: number;
  index: string;
  hash: Buffer;
}

export interface LogHeadTable {
  id: Generated<boolean>;
  size: string;
  edge: Buffer[];
  started: boolean;
}

export interface LogTreeHeadsTable {
  tree_size: string;
  timestamp: Instant;
  root_hash: Buffer;
  log_id: string;
  algorithm: string;
  signature: string;
}

/** eGov Mobile signing requests (migration 0044; mobile-sign/, docs/mobile-signing.md). */
export interface MobileSignRequestsTable {
  id: string;
  token_hash: Buffer;
  auth_token_hash: Buffer;
  binding_hash: Buffer;
  key_type: 'auth' | 'sign';
  content: Buffer;
  /** A MobileSignDescription (jsonb). */
  description: ColumnType<object, string, string>;
  created_at: Instant;
  expires_at: Instant;
  state: ColumnType<MobileSignState, MobileSignState | undefined, MobileSignState>;
  cms: string | null;
  problem_code: string | null;
  answered_at: Instant | null;
}

export type MobileSignState = 'waiting' | 'signed' | 'refused' | 'taken';

/** What the app shows: the action in kk, ru and en, and the lines under it. */
export interface MobileSignDescription {
  kk: string;
  ru: string;
  en: string;
}

/** Imports of a legacy queue, the checkpoint of each file (migration 0045; queue-import/). */
export interface QueueImportsTable {
  id: Generated<string>;
  file_sha256: string;
  file_name: string;
  header: string[];
  state: QueueImportState;
  rows: Generated<number>;
  rejected: Generated<number>;
  only_clean: Generated<boolean>;
  done_rows: Generated<number>;
  imported: Generated<number>;
  skipped: Generated<number>;
  actor: string;
  created_at: Instant;
  updated_at: Instant;
}

export type QueueImportState = 'validating' | 'validated' | 'importing' | 'done';

export interface QueueImportProblemsTable {
  import_id: string;
  row_number: number;
  codes: string[];
  record: string[];
}

/** The dashboard's summaries (migration 0046; dashboard/, docs/dashboard.md). Months are 'YYYY-MM'. */
export interface DashboardStateTable {
  id: Generated<boolean>;
  history_id: string;
  summarised_at: Instant | null;
  queue_taken_at: Instant | null;
}

export type DashboardEventKind =
  'released' | 'issued' | 'expired' | 'revoked' | 'refused' | 'enrolled';

export interface DashboardEventsTable {
  month: string;
  district_id: number;
  group_year: number;
  kind: DashboardEventKind;
  count: number;
}

export interface DashboardKindergartenEventsTable {
  month: string;
  district_id: number;
  kindergarten_id: number;
  kind: 'refused';
  count: number;
}

export interface DashboardTurnWaitsTable {
  month: string;
  district_id: number;
  group_year: number;
  wait_days: number;
  turns: number;
}

/** district_id 0: every district. */
export interface DashboardTurnMediansTable {
  month: string;
  district_id: number;
  group_year: number;
  turns: number;
  median_days: number;
}

/** Officers' sets of districts whose medians are kept (migration 0047): ids sorted. */
export interface DashboardDistrictSetsTable {
  id: Generated<number>;
  district_ids: number[];
}

export interface DashboardSetMediansTable {
  set_id: number;
  month: string;
  group_year: number;
  turns: number;
  median_days: number;
}

export interface DashboardQueueTable {
  month: string;
  district_id: number;
  group_year: number;
  queue_class: QueueClass;
  waiting: number;
}
