<?php
/**
 * Dependencies of edit.js (plain JavaScript on the wp.* globals: no build step).
 *
 * @package AcsTeamsElements
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n' ),
	'version'      => '0.1.0',
);
