<?php
/**
 * The one renderer behind the block and the shortcode: `<acs-teams-meeting>` (with an
 * `<acs-meeting-chat>` in its chat slot when chat is on), every attribute escaped, the elements
 * enqueued as a script module.
 *
 * @package AcsTeamsElements
 */

defined( 'ABSPATH' ) || exit;

/**
 * Normalized options from block attributes or shortcode attributes.
 *
 * @param array<string, mixed> $input Raw options (block attribute names).
 * @return array<string, mixed>
 */
function acs_teams_normalize_options( $input ) {
	$defaults = acs_teams_settings();
	$text     = static function ( $key ) use ( $input ) {
		return isset( $input[ $key ] ) && is_scalar( $input[ $key ] ) ? trim( (string) $input[ $key ] ) : '';
	};
	$theme    = $text( 'theme' );
	$locale   = $text( 'locale' );
	return array(
		'meetingLink'    => $text( 'meetingLink' ),
		'meetingId'      => $text( 'meetingId' ),
		'passcode'       => $text( 'passcode' ),
		'displayName'    => $text( 'displayName' ),
		'chat'           => ! isset( $input['chat'] ) || (bool) $input['chat'],
		'theme'          => in_array( $theme, acs_teams_themes(), true ) ? $theme : $defaults['theme'],
		'locale'         => '' !== $locale && null !== acs_teams_match_locale( $locale ) ? acs_teams_match_locale( $locale ) : $defaults['locale'],
		'startMuted'     => ! empty( $input['startMuted'] ),
		'startCameraOff' => ! empty( $input['startCameraOff'] ),
	);
}

/**
 * The token route URL for a post (with the REST nonce for logged-in users).
 *
 * @param int $post_id The post the meeting is on.
 * @return string
 */
function acs_teams_token_url( $post_id ) {
	$args = array( 'post' => (int) $post_id );
	if ( is_user_logged_in() ) {
		$args['_wpnonce'] = wp_create_nonce( 'wp_rest' );
	}
	return add_query_arg( $args, rest_url( 'acs-teams/v1/token' ) );
}

/**
 * Renders the meeting.
 *
 * @param array<string, mixed> $input              Options (block attribute names).
 * @param string               $wrapper_attributes Already-escaped attributes of the wrapper (block supports).
 * @return string HTML.
 */
function acs_teams_render_meeting( $input, $wrapper_attributes = 'class="wp-block-acs-teams-elements-meeting"' ) {
	$options = acs_teams_normalize_options( $input );
	$post_id = (int) get_the_ID();

	wp_enqueue_script_module( 'acs-teams-elements' );
	wp_enqueue_style( 'acs-teams-elements' );

	$attributes = array(
		'token-url'    => acs_teams_token_url( $post_id ),
		'meeting-link' => $options['meetingLink'],
		'meeting-id'   => '' === $options['meetingLink'] ? $options['meetingId'] : '',
		'passcode'     => '' === $options['meetingLink'] ? $options['passcode'] : '',
		'display-name' => $options['displayName'],
		'theme'        => $options['theme'],
		'locale'       => $options['locale'],
	);
	$html = '';
	foreach ( $attributes as $name => $value ) {
		if ( '' !== $value ) {
			$html .= ' ' . $name . '="' . esc_attr( $value ) . '"';
		}
	}
	if ( $options['startMuted'] ) {
		$html .= ' start-muted';
	}
	if ( $options['startCameraOff'] ) {
		$html .= ' start-camera-off';
	}
	$chat = '';
	if ( $options['chat'] ) {
		$chat = '<acs-meeting-chat slot="chat" theme="' . esc_attr( $options['theme'] ) . '"' . ( '' !== $options['locale'] ? ' locale="' . esc_attr( $options['locale'] ) . '"' : '' ) . '></acs-meeting-chat>';
	}
	return '<div ' . $wrapper_attributes . '><acs-teams-meeting' . $html . '>' . $chat . '</acs-teams-meeting></div>';
}

/**
 * [acs_teams_meeting link="…" meeting_id="…" passcode="…" chat="yes|no" theme="light|dark|auto"
 * locale="…" display_name="…" start_muted="yes" start_camera_off="yes"]
 *
 * @param array<string, string>|string $atts Shortcode attributes.
 * @return string HTML.
 */
function acs_teams_shortcode( $atts ) {
	$atts = shortcode_atts(
		array(
			'link'             => '',
			'meeting_id'       => '',
			'passcode'         => '',
			'chat'             => 'yes',
			'theme'            => '',
			'locale'           => '',
			'display_name'     => '',
			'start_muted'      => 'no',
			'start_camera_off' => 'no',
		),
		is_array( $atts ) ? $atts : array(),
		'acs_teams_meeting'
	);
	$yes  = static function ( $value ) {
		return in_array( strtolower( trim( (string) $value ) ), array( 'yes', 'true', '1', 'on' ), true );
	};
	return acs_teams_render_meeting(
		array(
			'meetingLink'    => $atts['link'],
			'meetingId'      => $atts['meeting_id'],
			'passcode'       => $atts['passcode'],
			'chat'           => $yes( $atts['chat'] ),
			'theme'          => $atts['theme'],
			'locale'         => $atts['locale'],
			'displayName'    => $atts['display_name'],
			'startMuted'     => $yes( $atts['start_muted'] ),
			'startCameraOff' => $yes( $atts['start_camera_off'] ),
		),
		'class="acs-teams-meeting-shortcode"'
	);
}
