<?php
/**
 * GET /wp-json/acs-teams/v1/token?post=<id>: the token server of the block and the shortcode.
 *
 * A token is issued only when every check passes, in this order:
 * 1. same-site: the Origin (else Referer, else Sec-Fetch-Site) names this site → else 403;
 * 2. logged-in users send the REST nonce (the element's token URL carries `_wpnonce`): a request
 *    with a login cookie but no valid nonce → 403 (WordPress itself rejects a wrong nonce);
 * 3. the post is published, publicly viewable, not password-protected, and contains the block or
 *    the shortcode → else 403 (the same answer for a post that does not exist);
 * 4. per-IP + per-post rate limit (transients) → 429 with Retry-After;
 * 5. the ACS Identity REST API: logged-in users keep one identity (user meta), a visitor's browser
 *    keeps one in a signed HttpOnly cookie (so a token refresh is the same participant); scopes
 *    voip + chat, 60 minutes.
 * The answer is `{token, expiresOn, userId, endpoint}`, never cached.
 *
 * @package AcsTeamsElements
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the route.
 */
function acs_teams_register_token_route() {
	register_rest_route(
		'acs-teams/v1',
		'/token',
		array(
			'methods'             => WP_REST_Server::READABLE,
			'callback'            => 'acs_teams_token_route',
			// The route is public by design (visitors join meetings); its checks are in the callback
			// so that each failure gets its own status and code.
			'permission_callback' => '__return_true',
			'args'                => array(
				'post' => array(
					'required'          => true,
					'type'              => 'integer',
					'minimum'           => 1,
					'sanitize_callback' => 'absint',
				),
			),
		)
	);
}

/**
 * A REST error that says nothing the visitor should not know.
 *
 * @param string $code    Stable code.
 * @param string $message Human message.
 * @param int    $status  HTTP status.
 * @return WP_Error
 */
function acs_teams_refuse( $code, $message, $status ) {
	return new WP_Error( $code, $message, array( 'status' => $status ) );
}

/**
 * The route's callback.
 *
 * @param WP_REST_Request $request The request.
 * @return WP_REST_Response|WP_Error
 */
function acs_teams_token_route( WP_REST_Request $request ) {
	if ( ! acs_teams_is_same_site( $request ) ) {
		return acs_teams_refuse( 'acs_teams_foreign_origin', __( 'Tokens are issued only to pages of this site.', 'acs-teams-elements' ), 403 );
	}
	// A login cookie without the REST nonce: WordPress treats the request as a visitor's; refuse it
	// instead, so that a logged-in user never silently gets someone else's kind of identity.
	if ( ! is_user_logged_in() && wp_validate_auth_cookie( '', 'logged_in' ) ) {
		return acs_teams_refuse( 'acs_teams_nonce_required', __( 'Reload the page and try again.', 'acs-teams-elements' ), 403 );
	}
	$post_id = (int) $request->get_param( 'post' );
	if ( ! acs_teams_post_allows_meetings( $post_id ) ) {
		return acs_teams_refuse( 'acs_teams_no_meeting', __( 'This page has no meeting to join.', 'acs-teams-elements' ), 403 );
	}
	$retry_after = acs_teams_rate_limit( $post_id );
	if ( $retry_after > 0 ) {
		$response = new WP_REST_Response(
			array(
				'code'    => 'acs_teams_rate_limited',
				'message' => __( 'Too many requests. Try again in a moment.', 'acs-teams-elements' ),
				'data'    => array( 'status' => 429 ),
			),
			429
		);
		$response->header( 'Retry-After', (string) $retry_after );
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	$connection = acs_teams_parse_connection_string( acs_teams_connection_string()['value'] );
	if ( is_wp_error( $connection ) ) {
		return acs_teams_refuse( 'acs_teams_not_configured', __( 'Meetings are not set up on this site yet.', 'acs-teams-elements' ), 503 );
	}
	$issued = acs_teams_token_for_current_user( $connection );
	if ( is_wp_error( $issued ) ) {
		return acs_teams_refuse( 'acs_teams_identity_failed', __( 'The meeting service is not available right now. Try again later.', 'acs-teams-elements' ), 502 );
	}

	$body = array(
		'token'     => $issued['token'],
		'expiresOn' => $issued['expiresOn'],
		'userId'    => $issued['userId'],
		'endpoint'  => $connection['endpoint'],
	);
	// Development against the project's local emulator (`npx acs-teams-elements`): the element then
	// uses its simulated meeting service. Never set on a real site.
	if ( defined( 'ACS_TEAMS_EMULATOR' ) && ACS_TEAMS_EMULATOR ) {
		$body['emulator'] = true;
	}
	$response = new WP_REST_Response( $body, 200 );
	$response->header( 'Cache-Control', 'no-store, private' );
	return $response;
}

/**
 * The origin (scheme://host[:port]) of a URL, lowercased; '' when it has none.
 *
 * @param string $url URL.
 * @return string
 */
function acs_teams_origin_of( $url ) {
	$parts = wp_parse_url( (string) $url );
	if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
		return '';
	}
	$scheme = strtolower( $parts['scheme'] );
	$port   = isset( $parts['port'] ) ? (int) $parts['port'] : 0;
	$port   = ( 'http' === $scheme && 80 === $port ) || ( 'https' === $scheme && 443 === $port ) ? 0 : $port;
	return $scheme . '://' . strtolower( $parts['host'] ) . ( $port ? ':' . $port : '' );
}

/**
 * True when the request comes from a page of this site: its Origin header, else its Referer, names
 * the site's origin (home or site URL); without either, the browser's Sec-Fetch-Site must say
 * same-origin. A request with none of the three (not a browser) is refused.
 *
 * @param WP_REST_Request $request The request.
 * @return bool
 */
function acs_teams_is_same_site( WP_REST_Request $request ) {
	$own = array_unique( array( acs_teams_origin_of( home_url( '/' ) ), acs_teams_origin_of( site_url( '/' ) ) ) );
	/**
	 * Filters the origins whose pages may ask for tokens (default: the site's own).
	 *
	 * @param string[] $own Origins, e.g. https://example.com.
	 */
	$own    = (array) apply_filters( 'acs_teams_allowed_origins', $own );
	$origin = (string) $request->get_header( 'origin' );
	if ( '' !== $origin ) {
		return in_array( acs_teams_origin_of( $origin ), $own, true );
	}
	$referer = (string) $request->get_header( 'referer' );
	if ( '' !== $referer ) {
		return in_array( acs_teams_origin_of( $referer ), $own, true );
	}
	return 'same-origin' === (string) $request->get_header( 'sec_fetch_site' );
}

/**
 * True for a published, publicly viewable, unprotected post that contains the block or the
 * shortcode.
 *
 * @param int $post_id Post ID.
 * @return bool
 */
function acs_teams_post_allows_meetings( $post_id ) {
	$post = get_post( $post_id );
	if ( ! $post instanceof WP_Post || 'publish' !== $post->post_status || '' !== $post->post_password ) {
		return false;
	}
	if ( ! is_post_type_viewable( $post->post_type ) || ! is_post_publicly_viewable( $post ) ) {
		return false;
	}
	return has_block( 'acs-teams-elements/meeting', $post ) || has_shortcode( $post->post_content, 'acs_teams_meeting' );
}

/**
 * The client's IP (REMOTE_ADDR: proxies' headers are not trusted unless a filter says so).
 *
 * @return string
 */
function acs_teams_client_ip() {
	$ip = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
	/**
	 * Filters the client IP used by the rate limit (behind a trusted proxy, read its header here).
	 *
	 * @param string $ip REMOTE_ADDR.
	 */
	return (string) apply_filters( 'acs_teams_client_ip', $ip );
}

/**
 * Counts a request against the per-IP + per-post limit (a fixed window in a transient).
 *
 * @param int $post_id Post ID.
 * @return int 0 when allowed, else the seconds until the window ends.
 */
function acs_teams_rate_limit( $post_id ) {
	$limit  = defined( 'ACS_TEAMS_RATE_LIMIT' ) ? (int) ACS_TEAMS_RATE_LIMIT : 20;
	$window = defined( 'ACS_TEAMS_RATE_WINDOW' ) ? (int) ACS_TEAMS_RATE_WINDOW : 10 * MINUTE_IN_SECONDS;
	/**
	 * Filters the number of tokens one IP may get for one post per window (0: no limit).
	 *
	 * @param int $limit   Requests per window (default 20).
	 * @param int $post_id Post ID.
	 */
	$limit = (int) apply_filters( 'acs_teams_rate_limit', $limit, $post_id );
	if ( $limit <= 0 ) {
		return 0;
	}
	$key   = 'acs_teams_rl_' . md5( acs_teams_client_ip() . '|' . $post_id );
	$now   = time();
	$state = get_transient( $key );
	if ( ! is_array( $state ) || ! isset( $state['count'], $state['start'] ) || $now - (int) $state['start'] >= $window ) {
		$state = array(
			'count' => 0,
			'start' => $now,
		);
	}
	if ( (int) $state['count'] >= $limit ) {
		return max( 1, (int) $state['start'] + $window - $now );
	}
	++$state['count'];
	set_transient( $key, $state, max( 1, (int) $state['start'] + $window - $now ) );
	return 0;
}

/**
 * A token for the current user. Logged-in users keep one ACS identity (user meta, per ACS
 * resource). A visitor keeps one for the browser: the identity rides in a signed, HttpOnly cookie
 * sent only to this route, so that the element's token refresh (tokens last 60 minutes) stays the
 * same participant instead of a new identity the call would refuse. Without a valid cookie (none,
 * forged, expired, another resource) a visitor gets a new identity.
 *
 * @param array{endpoint: string, key: string} $connection Parsed connection string.
 * @return array{userId: string, token: string, expiresOn: string}|WP_Error
 */
function acs_teams_token_for_current_user( $connection ) {
	$resource = md5( $connection['endpoint'] );
	$user_id  = get_current_user_id();
	if ( ! $user_id ) {
		return acs_teams_token_for_identity(
			$connection,
			acs_teams_visitor_identity( $resource ),
			static function ( $identity ) use ( $resource ) {
				acs_teams_remember_visitor( $identity, $resource );
			}
		);
	}
	$known = get_user_meta( $user_id, ACS_TEAMS_USER_META, true );
	$known = is_array( $known ) ? $known : array();
	return acs_teams_token_for_identity(
		$connection,
		isset( $known[ $resource ] ) && is_string( $known[ $resource ] ) ? $known[ $resource ] : null,
		static function ( $identity ) use ( $user_id, $known, $resource ) {
			$known[ $resource ] = $identity;
			update_user_meta( $user_id, ACS_TEAMS_USER_META, $known );
		}
	);
}

/**
 * A token for a known identity, else (none, or deleted on the resource: 404) for a new one, which
 * `$remember` keeps.
 *
 * @param array{endpoint: string, key: string} $connection Parsed connection string.
 * @param string|null                          $known      `8:acs:…` or null.
 * @param callable(string): void               $remember   Keeps a new identity.
 * @return array{userId: string, token: string, expiresOn: string}|WP_Error
 */
function acs_teams_token_for_identity( $connection, $known, $remember ) {
	if ( null !== $known ) {
		$issued = acs_teams_issue_token( $connection, $known );
		$status = is_wp_error( $issued ) ? (int) ( $issued->get_error_data()['status'] ?? 0 ) : 0;
		if ( ! is_wp_error( $issued ) || 404 !== $status ) {
			return $issued;
		}
	}
	$issued = acs_teams_create_identity_with_token( $connection );
	if ( ! is_wp_error( $issued ) ) {
		$remember( $issued['userId'] );
	}
	return $issued;
}

/**
 * The signed value of the visitor cookie: identity, resource, expiry, HMAC-SHA256 over the three
 * with the site's auth salt.
 *
 * @param string $identity `8:acs:…`.
 * @param string $resource md5 of the ACS endpoint.
 * @param int    $expires  Unix time.
 * @return string
 */
function acs_teams_visitor_seal( $identity, $resource, $expires ) {
	$data = $identity . '|' . $resource . '|' . $expires;
	return $data . '|' . hash_hmac( 'sha256', $data, wp_salt( 'auth' ) );
}

/**
 * The visitor's identity from the cookie, or null when there is none or it is forged, expired or
 * for another ACS resource.
 *
 * @param string $resource md5 of the ACS endpoint.
 * @return string|null
 */
function acs_teams_visitor_identity( $resource ) {
	$raw = isset( $_COOKIE[ ACS_TEAMS_VISITOR_COOKIE ] ) && is_string( $_COOKIE[ ACS_TEAMS_VISITOR_COOKIE ] ) ? wp_unslash( $_COOKIE[ ACS_TEAMS_VISITOR_COOKIE ] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- checked by its HMAC below.
	if ( '' === $raw || strlen( $raw ) > 512 ) {
		return null;
	}
	$parts = explode( '|', $raw );
	if ( 4 !== count( $parts ) ) {
		return null;
	}
	list( $identity, $cookie_resource, $expires ) = $parts;
	if ( ! hash_equals( acs_teams_visitor_seal( $identity, $cookie_resource, (int) $expires ), $raw ) ) {
		return null;
	}
	if ( $cookie_resource !== $resource || (int) $expires < time() || 0 !== strpos( $identity, '8:acs:' ) ) {
		return null;
	}
	return $identity;
}

/**
 * Sets the visitor cookie for a day: HttpOnly (page script never reads it), SameSite=Lax, Secure
 * over https, and sent only to this plugin's REST routes.
 *
 * @param string $identity `8:acs:…`.
 * @param string $resource md5 of the ACS endpoint.
 */
function acs_teams_remember_visitor( $identity, $resource ) {
	if ( headers_sent() ) {
		return;
	}
	$expires = time() + DAY_IN_SECONDS;
	$path    = wp_parse_url( rest_url( 'acs-teams/v1/' ), PHP_URL_PATH );
	setcookie(
		ACS_TEAMS_VISITOR_COOKIE,
		acs_teams_visitor_seal( $identity, $resource, $expires ),
		array(
			'expires'  => $expires,
			'path'     => is_string( $path ) && '' !== $path ? $path : '/',
			'secure'   => is_ssl(),
			'httponly' => true,
			'samesite' => 'Lax',
		)
	);
}
