<?php
/**
 * Server rendering of the "Teams meeting" block.
 *
 * @package AcsTeamsElements
 *
 * @var array<string, mixed> $attributes The block's attributes.
 */

defined( 'ABSPATH' ) || exit;

// acs_teams_render_meeting escapes every attribute; get_block_wrapper_attributes returns escaped attributes.
echo acs_teams_render_meeting( $attributes, get_block_wrapper_attributes() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
