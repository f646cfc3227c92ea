/**
 * Editor side of the "Teams meeting" block: the sidebar settings and a placeholder preview (no live
 * call in the editor). Plain JavaScript on WordPress's globals (wp.blocks, wp.element, …): no build
 * step. The block is dynamic: it saves only its attributes and render.php draws it.
 */
( function ( wp ) {
	'use strict';
	var el = wp.element.createElement;
	var Fragment = wp.element.Fragment;
	var __ = wp.i18n.__;
	var sprintf = wp.i18n.sprintf;
	var blockEditor = wp.blockEditor;
	var components = wp.components;

	/**
	 * The language list: "Site default", then every language the elements ship with, named in itself
	 * (the plugin prints them as window.acsTeamsElementsEditor.locales), and a value saved by an
	 * earlier version ('en', 'fr', 'it') if this block has one.
	 */
	function languageOptions( current ) {
		var names = ( window.acsTeamsElementsEditor && window.acsTeamsElementsEditor.locales ) || {};
		var options = [ { label: __( 'Site default', 'acs-teams-elements' ), value: '' } ];
		Object.keys( names ).forEach( function ( tag ) {
			options.push( { label: names[ tag ], value: tag } );
		} );
		if ( current && ! Object.prototype.hasOwnProperty.call( names, current ) ) {
			options.push( { label: current, value: current } );
		}
		return options;
	}

	function summary( attributes ) {
		if ( attributes.meetingLink ) {
			var host = attributes.meetingLink;
			try {
				host = new URL( attributes.meetingLink ).host;
			} catch ( _error ) {
				return __( 'The meeting link does not look like a link yet.', 'acs-teams-elements' );
			}
			/* translators: %s: the host name of the meeting link, e.g. teams.microsoft.com */
			return sprintf( __( 'Visitors join the meeting at %s.', 'acs-teams-elements' ), host );
		}
		if ( attributes.meetingId ) {
			/* translators: %s: a Teams meeting ID */
			return sprintf( __( 'Visitors join meeting ID %s.', 'acs-teams-elements' ), attributes.meetingId );
		}
		return __( 'Paste the Teams meeting link, or the meeting ID and passcode, in the block settings.', 'acs-teams-elements' );
	}

	function Edit( props ) {
		var attributes = props.attributes;
		var set = function ( name ) {
			return function ( value ) {
				var change = {};
				change[ name ] = value;
				props.setAttributes( change );
			};
		};
		var details = [];
		if ( attributes.chat ) {
			details.push( __( 'with chat', 'acs-teams-elements' ) );
		}
		if ( attributes.startMuted ) {
			details.push( __( 'starts muted', 'acs-teams-elements' ) );
		}
		if ( attributes.startCameraOff ) {
			details.push( __( 'camera off', 'acs-teams-elements' ) );
		}
		return el(
			Fragment,
			null,
			el(
				blockEditor.InspectorControls,
				null,
				el(
					components.PanelBody,
					{ title: __( 'Meeting', 'acs-teams-elements' ), initialOpen: true },
					el( components.TextControl, {
						label: __( 'Meeting link', 'acs-teams-elements' ),
						help: __( 'The whole link from the Teams invitation.', 'acs-teams-elements' ),
						type: 'url',
						value: attributes.meetingLink,
						onChange: set( 'meetingLink' ),
						__nextHasNoMarginBottom: true,
					} ),
					el( components.TextControl, {
						label: __( 'Or meeting ID', 'acs-teams-elements' ),
						value: attributes.meetingId,
						onChange: set( 'meetingId' ),
						disabled: !! attributes.meetingLink,
						__nextHasNoMarginBottom: true,
					} ),
					el( components.TextControl, {
						label: __( 'Passcode', 'acs-teams-elements' ),
						value: attributes.passcode,
						onChange: set( 'passcode' ),
						disabled: !! attributes.meetingLink,
						__nextHasNoMarginBottom: true,
					} )
				),
				el(
					components.PanelBody,
					{ title: __( 'Display', 'acs-teams-elements' ), initialOpen: true },
					el( components.ToggleControl, {
						label: __( 'Show the meeting chat', 'acs-teams-elements' ),
						checked: !! attributes.chat,
						onChange: set( 'chat' ),
						__nextHasNoMarginBottom: true,
					} ),
					el( components.SelectControl, {
						label: __( 'Theme', 'acs-teams-elements' ),
						value: attributes.theme,
						options: [
							{ label: __( 'Site default', 'acs-teams-elements' ), value: '' },
							{ label: __( 'Light', 'acs-teams-elements' ), value: 'light' },
							{ label: __( 'Dark', 'acs-teams-elements' ), value: 'dark' },
							{ label: __( 'Follow the visitor’s system', 'acs-teams-elements' ), value: 'auto' },
						],
						onChange: set( 'theme' ),
						__nextHasNoMarginBottom: true,
					} ),
					el( components.SelectControl, {
						label: __( 'Language', 'acs-teams-elements' ),
						value: attributes.locale,
						options: languageOptions( attributes.locale ),
						onChange: set( 'locale' ),
						__nextHasNoMarginBottom: true,
					} ),
					el( components.ToggleControl, {
						label: __( 'Start muted', 'acs-teams-elements' ),
						checked: !! attributes.startMuted,
						onChange: set( 'startMuted' ),
						__nextHasNoMarginBottom: true,
					} ),
					el( components.ToggleControl, {
						label: __( 'Start with the camera off', 'acs-teams-elements' ),
						checked: !! attributes.startCameraOff,
						onChange: set( 'startCameraOff' ),
						__nextHasNoMarginBottom: true,
					} )
				)
			),
			el(
				'div',
				blockEditor.useBlockProps(),
				el( components.Placeholder, {
					className: 'acs-teams-meeting-placeholder',
					icon: 'video-alt2',
					label: __( 'Teams meeting', 'acs-teams-elements' ),
					instructions: summary( attributes ) + ( details.length ? ' (' + details.join( ', ' ) + ')' : '' ),
				} )
			)
		);
	}

	wp.blocks.registerBlockType( 'acs-teams-elements/meeting', {
		edit: Edit,
		save: function () {
			return null;
		},
	} );
} )( window.wp );
