<?php
/**
 * Plugin Name:       Teams meetings (acs-teams-elements)
 * Plugin URI:        https://github.com/acs-teams-elements/acs-teams-elements
 * Description:       Join Microsoft Teams meetings from any page through Azure Communication Services: a "Teams meeting" block, an [acs_teams_meeting] shortcode, and the token route they need.
 * Version:           0.1.0
 * Requires at least: 6.5
 * Requires PHP:      7.4
 * Author:            acs-teams-elements
 * License:           MIT
 * License URI:       https://opensource.org/licenses/MIT
 * Text Domain:       acs-teams-elements
 *
 * @package AcsTeamsElements
 */

defined( 'ABSPATH' ) || exit;

define( 'ACS_TEAMS_VERSION', '0.1.0' );
define( 'ACS_TEAMS_FILE', __FILE__ );
define( 'ACS_TEAMS_DIR', plugin_dir_path( __FILE__ ) );

require_once ACS_TEAMS_DIR . 'includes/connection.php';
require_once ACS_TEAMS_DIR . 'includes/identity-client.php';
require_once ACS_TEAMS_DIR . 'includes/render.php';
require_once ACS_TEAMS_DIR . 'includes/token-route.php';
require_once ACS_TEAMS_DIR . 'includes/settings.php';

add_action( 'init', 'acs_teams_register_assets' );
add_action( 'init', 'acs_teams_register_block' );
add_action( 'init', 'acs_teams_register_shortcode' );
add_action( 'rest_api_init', 'acs_teams_register_token_route' );
add_action( 'admin_menu', 'acs_teams_admin_menu' );
add_action( 'admin_post_acs_teams_save_settings', 'acs_teams_save_settings' );
add_action( 'admin_post_acs_teams_test_connection', 'acs_teams_test_connection' );
add_filter( 'plugin_action_links_' . plugin_basename( __FILE__ ), 'acs_teams_action_links' );

/**
 * The elements as a script module (from the plugin's own copy of dist/cdn: no third-party CDN) and
 * the few layout rules the block and the shortcode share.
 */
function acs_teams_register_assets() {
	wp_register_script_module(
		'acs-teams-elements',
		plugins_url( 'dist/cdn/acs-teams-elements.js', ACS_TEAMS_FILE ),
		array(),
		ACS_TEAMS_VERSION
	);
	wp_register_style(
		'acs-teams-elements',
		plugins_url( 'blocks/meeting/style.css', ACS_TEAMS_FILE ),
		array(),
		ACS_TEAMS_VERSION
	);
}

/**
 * The dynamic "Teams meeting" block (block.json, rendered by render.php).
 */
function acs_teams_register_block() {
	register_block_type( ACS_TEAMS_DIR . 'blocks/meeting' );
	wp_add_inline_script(
		generate_block_asset_handle( 'acs-teams-elements/meeting', 'editorScript' ),
		'window.acsTeamsElementsEditor = ' . wp_json_encode( array( 'locales' => acs_teams_locale_names() ) ) . ';',
		'before'
	);
}

/**
 * The [acs_teams_meeting] shortcode: same renderer as the block.
 */
function acs_teams_register_shortcode() {
	add_shortcode( 'acs_teams_meeting', 'acs_teams_shortcode' );
}

/**
 * A "Settings" link on the Plugins screen.
 *
 * @param string[] $links Existing links.
 * @return string[]
 */
function acs_teams_action_links( $links ) {
	$links[] = '<a href="' . esc_url( admin_url( 'options-general.php?page=acs-teams-elements' ) ) . '">' . esc_html__( 'Settings', 'acs-teams-elements' ) . '</a>';
	return $links;
}
