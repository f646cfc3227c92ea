<?php
/**
 * Uninstall: removes everything the plugin stored — its options, every user's ACS identity (user
 * meta) and the rate-limit transients — on every site of a network.
 *
 * @package AcsTeamsElements
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

/**
 * Removes the plugin's data from the current site.
 */
function acs_teams_uninstall_site() {
	global $wpdb;
	delete_option( 'acs_teams_connection_string' );
	delete_option( 'acs_teams_settings' );
	// Transients have no API to list them: delete the plugin's own by prefix.
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching
	$wpdb->query(
		$wpdb->prepare(
			"DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s",
			$wpdb->esc_like( '_transient_acs_teams_' ) . '%',
			$wpdb->esc_like( '_transient_timeout_acs_teams_' ) . '%'
		)
	);
}

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids' ) ) as $acs_teams_site_id ) {
		switch_to_blog( $acs_teams_site_id );
		acs_teams_uninstall_site();
		restore_current_blog();
	}
} else {
	acs_teams_uninstall_site();
}
// User meta is network-wide.
delete_metadata( 'user', 0, 'acs_teams_identity', '', true );
