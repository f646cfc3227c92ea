<?php
/**
 * The ACS Identity REST API (api-version 2023-10-01), called with wp_remote_post and signed with
 * HMAC-SHA256 the way Azure requires (there is no PHP SDK):
 *
 *   string to sign = "POST\n<path and query>\n<x-ms-date>;<host>;<x-ms-content-sha256>"
 *   Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<base64 HMAC>
 *
 * The key is the connection string's base64-decoded access key. Nothing here logs or returns a
 * token, a key or a response body in an error.
 *
 * @package AcsTeamsElements
 */

defined( 'ABSPATH' ) || exit;

const ACS_TEAMS_API_VERSION = '2023-10-01';

/**
 * The signed headers for one request.
 *
 * @param string $method         HTTP method.
 * @param string $url            Full URL, query included.
 * @param string $body           The exact body sent.
 * @param string $key            Decoded access key.
 * @param int    $timestamp      Unix time of the request.
 * @return array<string, string>
 */
function acs_teams_sign_request( $method, $url, $body, $key, $timestamp ) {
	$parts = wp_parse_url( $url );
	$host  = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
	$path  = ( isset( $parts['path'] ) ? $parts['path'] : '/' ) . ( isset( $parts['query'] ) ? '?' . $parts['query'] : '' );
	$date  = gmdate( 'D, d M Y H:i:s', $timestamp ) . ' GMT';
	// base64 is the wire format of these headers.
	$hash      = base64_encode( hash( 'sha256', $body, true ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
	$to_sign   = strtoupper( $method ) . "\n" . $path . "\n" . $date . ';' . $host . ';' . $hash;
	$signature = base64_encode( hash_hmac( 'sha256', $to_sign, $key, true ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
	return array(
		'x-ms-date'           => $date,
		'x-ms-content-sha256' => $hash,
		'Authorization'       => 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=' . $signature,
	);
}

/**
 * POSTs a JSON body to the identity API.
 *
 * @param array{endpoint: string, key: string} $connection Parsed connection string.
 * @param string                               $path       Path below the endpoint, without query.
 * @param array<string, mixed>|object          $body       JSON body.
 * @return array<string, mixed>|WP_Error The decoded JSON answer.
 */
function acs_teams_identity_post( $connection, $path, $body ) {
	$url     = $connection['endpoint'] . ltrim( $path, '/' ) . '?api-version=' . ACS_TEAMS_API_VERSION;
	$json    = wp_json_encode( $body );
	$headers = acs_teams_sign_request( 'POST', $url, $json, $connection['key'], time() );

	$headers['Content-Type'] = 'application/json';
	$response                = wp_remote_post(
		$url,
		array(
			'headers'     => $headers,
			'body'        => $json,
			'timeout'     => 10,
			'redirection' => 0,
		)
	);
	if ( is_wp_error( $response ) ) {
		return new WP_Error( 'acs_teams_unreachable', __( 'The ACS identity service could not be reached.', 'acs-teams-elements' ) );
	}
	$status = (int) wp_remote_retrieve_response_code( $response );
	$data   = json_decode( wp_remote_retrieve_body( $response ), true );
	if ( $status < 200 || $status >= 300 ) {
		return new WP_Error( 'acs_teams_identity_status', __( 'The ACS identity service refused the request.', 'acs-teams-elements' ), array( 'status' => $status ) );
	}
	if ( ! is_array( $data ) ) {
		return new WP_Error( 'acs_teams_identity_invalid', __( 'The ACS identity service sent an unexpected answer.', 'acs-teams-elements' ), array( 'status' => $status ) );
	}
	return $data;
}

/**
 * The scopes and lifetime of every token the plugin issues.
 *
 * @return array{scopes: string[], minutes: int}
 */
function acs_teams_token_spec() {
	return array(
		'scopes'  => array( 'voip', 'chat' ),
		'minutes' => 60,
	);
}

/**
 * Creates an ACS identity with a token (voip, chat; 60 minutes).
 *
 * @param array{endpoint: string, key: string} $connection Parsed connection string.
 * @return array{userId: string, token: string, expiresOn: string}|WP_Error
 */
function acs_teams_create_identity_with_token( $connection ) {
	$spec = acs_teams_token_spec();
	$data = acs_teams_identity_post(
		$connection,
		'identities',
		array(
			'createTokenWithScopes' => $spec['scopes'],
			'expiresInMinutes'      => $spec['minutes'],
		)
	);
	if ( is_wp_error( $data ) ) {
		return $data;
	}
	if ( ! isset( $data['identity']['id'], $data['accessToken']['token'], $data['accessToken']['expiresOn'] ) ) {
		return new WP_Error( 'acs_teams_identity_invalid', __( 'The ACS identity service sent an unexpected answer.', 'acs-teams-elements' ) );
	}
	return array(
		'userId'    => (string) $data['identity']['id'],
		'token'     => (string) $data['accessToken']['token'],
		'expiresOn' => (string) $data['accessToken']['expiresOn'],
	);
}

/**
 * A new token for an existing identity.
 *
 * @param array{endpoint: string, key: string} $connection Parsed connection string.
 * @param string                               $user_id    `8:acs:…`.
 * @return array{userId: string, token: string, expiresOn: string}|WP_Error
 */
function acs_teams_issue_token( $connection, $user_id ) {
	$spec = acs_teams_token_spec();
	$data = acs_teams_identity_post(
		$connection,
		'identities/' . rawurlencode( $user_id ) . '/:issueAccessToken',
		array(
			'scopes'           => $spec['scopes'],
			'expiresInMinutes' => $spec['minutes'],
		)
	);
	if ( is_wp_error( $data ) ) {
		return $data;
	}
	if ( ! isset( $data['token'], $data['expiresOn'] ) ) {
		return new WP_Error( 'acs_teams_identity_invalid', __( 'The ACS identity service sent an unexpected answer.', 'acs-teams-elements' ) );
	}
	return array(
		'userId'    => $user_id,
		'token'     => (string) $data['token'],
		'expiresOn' => (string) $data['expiresOn'],
	);
}

/**
 * "Test connection": creates an identity without a token (the smallest signed call that proves
 * the endpoint and the key).
 *
 * @param array{endpoint: string, key: string} $connection Parsed connection string.
 * @return true|WP_Error
 */
function acs_teams_check_connection( $connection ) {
	$data = acs_teams_identity_post( $connection, 'identities', (object) array() );
	if ( is_wp_error( $data ) ) {
		return $data;
	}
	return isset( $data['identity']['id'] ) ? true : new WP_Error( 'acs_teams_identity_invalid', __( 'The ACS identity service sent an unexpected answer.', 'acs-teams-elements' ) );
}
