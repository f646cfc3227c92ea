<?php
/**
 * Where the ACS connection string comes from: the constant ACS_TEAMS_CONNECTION_STRING
 * (wp-config.php), else the environment variable of the same name, else the option saved on the
 * settings page (autoload off, never printed back).
 *
 * @package AcsTeamsElements
 */

defined( 'ABSPATH' ) || exit;

const ACS_TEAMS_OPTION_CONNECTION = 'acs_teams_connection_string';
const ACS_TEAMS_OPTION_SETTINGS   = 'acs_teams_settings';
const ACS_TEAMS_USER_META         = 'acs_teams_identity';
const ACS_TEAMS_VISITOR_COOKIE    = 'acs_teams_visitor';

/**
 * The connection string and where it was found.
 *
 * @return array{value: string, source: string} source: constant, environment, option or none.
 */
function acs_teams_connection_string() {
	if ( defined( 'ACS_TEAMS_CONNECTION_STRING' ) && is_string( ACS_TEAMS_CONNECTION_STRING ) && '' !== ACS_TEAMS_CONNECTION_STRING ) {
		return array(
			'value'  => ACS_TEAMS_CONNECTION_STRING,
			'source' => 'constant',
		);
	}
	$env = getenv( 'ACS_TEAMS_CONNECTION_STRING' );
	if ( is_string( $env ) && '' !== $env ) {
		return array(
			'value'  => $env,
			'source' => 'environment',
		);
	}
	$stored = get_option( ACS_TEAMS_OPTION_CONNECTION, '' );
	if ( is_string( $stored ) && '' !== $stored ) {
		return array(
			'value'  => $stored,
			'source' => 'option',
		);
	}
	return array(
		'value'  => '',
		'source' => 'none',
	);
}

/**
 * Parses `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64>`.
 *
 * @param string $connection_string The connection string.
 * @return array{endpoint: string, key: string}|WP_Error The endpoint (with a trailing slash) and the decoded key.
 */
function acs_teams_parse_connection_string( $connection_string ) {
	$parts = array();
	foreach ( explode( ';', (string) $connection_string ) as $pair ) {
		$eq = strpos( $pair, '=' );
		if ( false === $eq ) {
			continue;
		}
		$parts[ strtolower( trim( substr( $pair, 0, $eq ) ) ) ] = trim( substr( $pair, $eq + 1 ) );
	}
	$endpoint = isset( $parts['endpoint'] ) ? $parts['endpoint'] : '';
	$scheme   = wp_parse_url( $endpoint, PHP_URL_SCHEME );
	if ( '' === $endpoint || ! in_array( $scheme, array( 'https', 'http' ), true ) || ! wp_parse_url( $endpoint, PHP_URL_HOST ) ) {
		return new WP_Error( 'acs_teams_bad_connection_string', __( 'The connection string has no valid endpoint=https://… part.', 'acs-teams-elements' ) );
	}
	// base64_decode is the format of the key, not obfuscation.
	$key = isset( $parts['accesskey'] ) ? base64_decode( $parts['accesskey'], true ) : false; // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
	if ( false === $key || '' === $key ) {
		return new WP_Error( 'acs_teams_bad_connection_string', __( 'The connection string has no valid accesskey=… part (base64).', 'acs-teams-elements' ) );
	}
	return array(
		'endpoint' => rtrim( $endpoint, '/' ) . '/',
		'key'      => $key,
	);
}

/**
 * The plugin's defaults for theme and language.
 *
 * @return array{theme: string, locale: string}
 */
function acs_teams_settings() {
	$saved = get_option( ACS_TEAMS_OPTION_SETTINGS, array() );
	$saved = is_array( $saved ) ? $saved : array();
	return array(
		'theme'  => isset( $saved['theme'] ) && in_array( $saved['theme'], acs_teams_themes(), true ) ? $saved['theme'] : 'auto',
		'locale' => isset( $saved['locale'] ) && in_array( $saved['locale'], acs_teams_locales(), true ) ? $saved['locale'] : '',
	);
}

/**
 * The element's themes.
 *
 * @return string[]
 */
function acs_teams_themes() {
	return array( 'light', 'dark', 'auto' );
}

/**
 * The languages the elements ship with, each named in itself (the settings page and the block's
 * language list). The tags are the elements' own (SUPPORTED_LOCALES in src/i18n/index.ts).
 *
 * @return array<string, string> tag => name
 */
function acs_teams_locale_names() {
	return array(
		'ar-SA' => 'العربية',
		'cs-CZ' => 'Čeština',
		'cy-GB' => 'Cymraeg',
		'de-DE' => 'Deutsch',
		'en-GB' => 'English (UK)',
		'en-US' => 'English (US)',
		'es-ES' => 'Español (España)',
		'es-MX' => 'Español (México)',
		'fi-FI' => 'Suomi',
		'fr-CA' => 'Français (Canada)',
		'fr-FR' => 'Français (France)',
		'he-IL' => 'עברית',
		'it-IT' => 'Italiano',
		'ja-JP' => '日本語',
		'ko-KR' => '한국어',
		'nb-NO' => 'Norsk bokmål',
		'nl-NL' => 'Nederlands',
		'pl-PL' => 'Polski',
		'pt-BR' => 'Português (Brasil)',
		'ru-RU' => 'Русский',
		'sv-SE' => 'Svenska',
		'tr-TR' => 'Türkçe',
		'zh-CN' => '简体中文',
		'zh-TW' => '繁體中文',
	);
}

/**
 * Every language value the plugin accepts: '' (the page's language), the shipped tags, and the
 * bare 'en', 'fr', 'it' that earlier versions saved (the elements resolve them by language).
 *
 * @return string[]
 */
function acs_teams_locales() {
	return array_merge( array( '', 'en', 'fr', 'it' ), array_keys( acs_teams_locale_names() ) );
}

/**
 * A language value as the plugin stores it: the known tag that matches regardless of case
 * ('fr-ca' from a form or a shortcode is 'fr-CA'), or null for anything else.
 *
 * @param mixed $value Raw value.
 * @return string|null
 */
function acs_teams_match_locale( $value ) {
	if ( ! is_scalar( $value ) ) {
		return null;
	}
	$wanted = strtolower( trim( (string) $value ) );
	foreach ( acs_teams_locales() as $known ) {
		if ( strtolower( $known ) === $wanted ) {
			return $known;
		}
	}
	return null;
}
