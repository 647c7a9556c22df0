/** matrix-rust-sdk's integration tests as tuwunel runs them: the defaults of the integration group's arguments (index.ts). */

/** matrix-rust-sdk for the integration tests: tuwunel's fork at the commit its builder pins. */
export const DEFAULT_RUST_SDK_URL = "https://github.com/matrix-construct/matrix-rust-sdk";
export const DEFAULT_RUST_SDK_COMMIT = "1c44fb66214667c6d00acaf72ab592493653708b";
export const DEFAULT_RUST_SDK_PACKAGE = "matrix-sdk-integration-testing";

/** Tests tuwunel skips (matrix-org/matrix-rust-sdk#6522 and friends). */
export const DEFAULT_RUST_SDK_SKIP: string[] = [
  "test_delayed_invite_response_and_sent_message_decryption",
  "test_history_share_on_invite",
  "test_history_sharing_session_merging",
  "test_transitive_history_share_with_withhelds",
  "test_latest_event_few_rooms",
  "test_latest_thread_event_is_redecrypted_and_updated",
  "test_event_with_context",
  "test_repeated_join_leave",
];

/** The homeserver's port for the integration tests. */
export const DEFAULT_RUST_SDK_PORT = 8448;

/**
 * The homeserver for the SDK's tests: the keys and values of tuwunel's own configuration for them
 * (its docker/Dockerfile.matrix-rust-sdk), plus what its test script sets from the environment (server
 * name, port, database), and plain HTTP on every address so the tests reach it as a service.
 */
export const DEFAULT_RUST_SDK_HOMESERVER_ARGS: string[] = [
  '-Oserver_name="localhost"',
  '-Oaddress=["0.0.0.0"]',
  "-Oport=[8448]",
  '-Odatabase_path="/var/lib/homeserver/db"',
  "-Oerror_on_unknown_config_opts=true",
  "-Oallow_registration=true",
  "-Oyes_i_am_very_very_sure_i_want_an_open_registration_server_prone_to_abuse=true",
  "-Oallow_guest_registration=true",
  "-Olog_guest_registrations=false",
  "-Oallow_public_room_directory_without_auth=true",
  "-Oallow_public_room_directory_over_federation=true",
  "-Oallow_device_name_federation=true",
  "-Oallow_legacy_media=true",
  "-Ocreate_admin_room=false",
  "-Oadmin_room_notices=false",
  "-Oquery_trusted_key_servers_first=false",
  "-Oquery_trusted_key_servers_first_on_join=false",
  "-Otrusted_servers=[]",
  "-Oip_range_denylist=[]",
  '-Ourl_preview_domain_contains_allowlist=["*"]',
  '-Ourl_preview_domain_explicit_denylist=["*"]',
  "-Omedia_compat_file_link=false",
  "-Omedia_startup_check=true",
  "-Odb_pool_max_workers=64",
  '-Orocksdb_log_level="debug"',
  "-Orocksdb_max_log_files=1",
  "-Orocksdb_parallelism_threads=2",
  "-Orocksdb_paranoid_file_checks=true",
  "-Orocksdb_recovery_mode=0",
  '-Olog="debug,tuwunel=trace,h2=warn,hyper=warn"',
  "-Olog_colors=false",
  '-Olog_span_events="NONE"',
  "-Olog_thread_ids=true",
];

/** Extra homeserver arguments under valgrind (tuwunel's db_pool_max_workers). */
export const DEFAULT_RUST_SDK_VALGRIND_ARGS: string[] = ["-Odb_pool_max_workers=128"];

/** The integration tests' time limit. */
export const DEFAULT_RUST_SDK_TIMEOUT = "30m";
