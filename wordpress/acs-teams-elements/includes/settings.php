<?php
/**
 * Settings → Teams meetings: the connection string (write-only: never printed back, stored with
 * autoload off), the default theme and language, and "Test connection". manage_options only.
 *
 * @package AcsTeamsElements
 */

defined( 'ABSPATH' ) || exit;

/**
 * Adds the page under Settings.
 */
function acs_teams_admin_menu() {
	add_options_page(
		__( 'Teams meetings', 'acs-teams-elements' ),
		__( 'Teams meetings', 'acs-teams-elements' ),
		'manage_options',
		'acs-teams-elements',
		'acs_teams_settings_page'
	);
}

/**
 * The settings page.
 */
function acs_teams_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'You are not allowed to change these settings.', 'acs-teams-elements' ), 403 );
	}
	$connection = acs_teams_connection_string();
	$settings   = acs_teams_settings();
	$notice     = isset( $_GET['acs-teams-notice'] ) ? sanitize_key( wp_unslash( $_GET['acs-teams-notice'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
	$status     = isset( $_GET['acs-teams-status'] ) ? absint( $_GET['acs-teams-status'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
	$notices    = array(
		'saved'            => array( 'success', __( 'Settings saved.', 'acs-teams-elements' ) ),
		'invalid'          => array( 'error', __( 'That connection string is not valid: it needs endpoint=https://…;accesskey=… from the Keys page of your Communication Services resource. Nothing was changed.', 'acs-teams-elements' ) ),
		'test-ok'          => array( 'success', __( 'Connection works: the ACS identity service accepted the signed request.', 'acs-teams-elements' ) ),
		'test-fail'        => array( 'error', __( 'Connection failed: the ACS identity service could not be reached or refused the key. Check the connection string.', 'acs-teams-elements' ) ),
		'test-unreachable' => array( 'error', __( 'Connection failed: the ACS identity service could not be reached within 10 seconds. Check the endpoint in the connection string, and that this server may make outgoing HTTPS requests.', 'acs-teams-elements' ) ),
		/* translators: %d: the HTTP status code the identity service answered with, e.g. 401 */
		'test-refused'     => array( 'error', sprintf( __( 'Connection failed: the ACS identity service refused the request (HTTP %d). Check the access key in the connection string.', 'acs-teams-elements' ), $status ) ),
		'test-invalid'     => array( 'error', __( 'Connection failed: the service at that endpoint did not answer as the ACS identity service does. Check the endpoint in the connection string.', 'acs-teams-elements' ) ),
		'test-none'        => array( 'error', __( 'There is no connection string to test yet.', 'acs-teams-elements' ) ),
	);
	$sources    = array(
		'constant'    => __( 'Set in wp-config.php (ACS_TEAMS_CONNECTION_STRING).', 'acs-teams-elements' ),
		'environment' => __( 'Set in the server environment (ACS_TEAMS_CONNECTION_STRING).', 'acs-teams-elements' ),
		'option'      => __( 'Set (hidden). Type a new one to replace it.', 'acs-teams-elements' ),
		'none'        => __( 'Not set.', 'acs-teams-elements' ),
	);
	$themes     = array(
		'auto'  => __( 'Follow the visitor’s system', 'acs-teams-elements' ),
		'light' => __( 'Light', 'acs-teams-elements' ),
		'dark'  => __( 'Dark', 'acs-teams-elements' ),
	);
	$locales    = array( '' => __( 'The page’s language', 'acs-teams-elements' ) ) + acs_teams_locale_names();
	if ( '' !== $settings['locale'] && ! isset( $locales[ $settings['locale'] ] ) ) {
		$locales[ $settings['locale'] ] = $settings['locale']; // A bare 'en'/'fr'/'it' saved by an earlier version.
	}
	$editable   = in_array( $connection['source'], array( 'option', 'none' ), true );
	?>
	<div class="wrap">
		<h1><?php echo esc_html__( 'Teams meetings', 'acs-teams-elements' ); ?></h1>
		<?php if ( isset( $notices[ $notice ] ) ) : ?>
			<div class="notice notice-<?php echo esc_attr( $notices[ $notice ][0] ); ?>"><p><?php echo esc_html( $notices[ $notice ][1] ); ?></p></div>
		<?php endif; ?>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
			<input type="hidden" name="action" value="acs_teams_save_settings" />
			<?php wp_nonce_field( 'acs_teams_save_settings' ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="acs-teams-connection"><?php echo esc_html__( 'ACS connection string', 'acs-teams-elements' ); ?></label></th>
					<td>
						<p id="acs-teams-connection-status"><strong><?php echo esc_html( $sources[ $connection['source'] ] ); ?></strong></p>
						<?php if ( $editable ) : ?>
							<input type="password" class="large-text code" id="acs-teams-connection" name="acs_teams_connection_string" value="" autocomplete="off" spellcheck="false" aria-describedby="acs-teams-connection-status acs-teams-connection-help" />
							<p class="description" id="acs-teams-connection-help"><?php echo esc_html__( 'From your Azure Communication Services resource, Settings → Keys. Stored without autoload and never shown again. Leave empty to keep the current one. A constant ACS_TEAMS_CONNECTION_STRING in wp-config.php takes precedence.', 'acs-teams-elements' ); ?></p>
							<?php if ( 'option' === $connection['source'] ) : ?>
								<p><label><input type="checkbox" name="acs_teams_forget_connection" value="1" /> <?php echo esc_html__( 'Remove the stored connection string', 'acs-teams-elements' ); ?></label></p>
							<?php endif; ?>
						<?php endif; ?>
					</td>
				</tr>
				<tr>
					<th scope="row"><label for="acs-teams-theme"><?php echo esc_html__( 'Default theme', 'acs-teams-elements' ); ?></label></th>
					<td>
						<select id="acs-teams-theme" name="acs_teams_theme">
							<?php foreach ( $themes as $value => $label ) : ?>
								<option value="<?php echo esc_attr( $value ); ?>" <?php selected( $settings['theme'], $value ); ?>><?php echo esc_html( $label ); ?></option>
							<?php endforeach; ?>
						</select>
					</td>
				</tr>
				<tr>
					<th scope="row"><label for="acs-teams-locale"><?php echo esc_html__( 'Default language', 'acs-teams-elements' ); ?></label></th>
					<td>
						<select id="acs-teams-locale" name="acs_teams_locale">
							<?php foreach ( $locales as $value => $label ) : ?>
								<option value="<?php echo esc_attr( $value ); ?>" <?php selected( $settings['locale'], $value ); ?>><?php echo esc_html( $label ); ?></option>
							<?php endforeach; ?>
						</select>
					</td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
			<input type="hidden" name="action" value="acs_teams_test_connection" />
			<?php wp_nonce_field( 'acs_teams_test_connection' ); ?>
			<?php submit_button( __( 'Test connection', 'acs-teams-elements' ), 'secondary', 'submit', false ); ?>
		</form>
	</div>
	<?php
}

/**
 * Back to the settings page with a notice.
 *
 * @param string $notice Notice key.
 */
function acs_teams_settings_redirect( $notice, $status = 0 ) {
	$args = array( 'acs-teams-notice' => $notice );
	if ( $status > 0 ) {
		$args['acs-teams-status'] = $status;
	}
	wp_safe_redirect( add_query_arg( $args, admin_url( 'options-general.php?page=acs-teams-elements' ) ) );
	exit;
}

/**
 * Saves the settings (admin-post.php).
 */
function acs_teams_save_settings() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'You are not allowed to change these settings.', 'acs-teams-elements' ), 403 );
	}
	check_admin_referer( 'acs_teams_save_settings' );

	$theme  = isset( $_POST['acs_teams_theme'] ) ? sanitize_key( wp_unslash( $_POST['acs_teams_theme'] ) ) : 'auto';
	$locale = isset( $_POST['acs_teams_locale'] ) ? acs_teams_match_locale( sanitize_text_field( wp_unslash( $_POST['acs_teams_locale'] ) ) ) : '';
	$new    = isset( $_POST['acs_teams_connection_string'] ) ? trim( sanitize_text_field( wp_unslash( $_POST['acs_teams_connection_string'] ) ) ) : '';

	if ( '' !== $new ) {
		if ( is_wp_error( acs_teams_parse_connection_string( $new ) ) ) {
			acs_teams_settings_redirect( 'invalid' );
		}
		update_option( ACS_TEAMS_OPTION_CONNECTION, $new, false );
	} elseif ( ! empty( $_POST['acs_teams_forget_connection'] ) ) {
		delete_option( ACS_TEAMS_OPTION_CONNECTION );
	}
	update_option(
		ACS_TEAMS_OPTION_SETTINGS,
		array(
			'theme'  => in_array( $theme, acs_teams_themes(), true ) ? $theme : 'auto',
			'locale' => null !== $locale ? $locale : '',
		),
		false
	);
	acs_teams_settings_redirect( 'saved' );
}

/**
 * "Test connection" (admin-post.php): one signed request to the identity service.
 */
function acs_teams_test_connection() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'You are not allowed to change these settings.', 'acs-teams-elements' ), 403 );
	}
	check_admin_referer( 'acs_teams_test_connection' );
	$connection = acs_teams_connection_string();
	if ( 'none' === $connection['source'] ) {
		acs_teams_settings_redirect( 'test-none' );
	}
	$parsed = acs_teams_parse_connection_string( $connection['value'] );
	if ( is_wp_error( $parsed ) ) {
		acs_teams_settings_redirect( 'invalid' );
	}
	$result = acs_teams_check_connection( $parsed );
	if ( true === $result ) {
		acs_teams_settings_redirect( 'test-ok' );
	}
	$reasons = array(
		'acs_teams_unreachable'      => 'test-unreachable',
		'acs_teams_identity_status'  => 'test-refused',
		'acs_teams_identity_invalid' => 'test-invalid',
	);
	$code    = is_wp_error( $result ) ? $result->get_error_code() : '';
	$data    = is_wp_error( $result ) ? $result->get_error_data() : null;
	$status  = is_array( $data ) && isset( $data['status'] ) ? (int) $data['status'] : 0;
	acs_teams_settings_redirect( isset( $reasons[ $code ] ) ? $reasons[ $code ] : 'test-fail', $status );
}
