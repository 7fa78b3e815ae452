<?php
/*
 * annals test site: each nginx server passes the theme it shows in
 * ANNALS_THEME, so one WordPress answers with three themes on three ports.
 */
if (!empty($_SERVER['ANNALS_THEME'])) {
	$annals_theme = preg_replace('/[^a-z0-9-]/', '', $_SERVER['ANNALS_THEME']);
	add_filter('pre_option_template', function () use ($annals_theme) { return $annals_theme; });
	add_filter('pre_option_stylesheet', function () use ($annals_theme) { return $annals_theme; });
}

// The test site sends no mail.
add_filter('pre_wp_mail', '__return_false');
