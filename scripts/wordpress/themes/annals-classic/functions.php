<?php
add_action('widgets_init', function () {
	register_sidebar(array(
		'name' => 'Primary Widget Area',
		'id' => 'sidebar-1',
		'before_widget' => '<li id="%1$s" class="widget-container %2$s">',
		'after_widget' => '</li>',
		'before_title' => '<h3 class="widget-title">',
		'after_title' => '</h3>',
	));
});
add_theme_support('automatic-feed-links');
add_theme_support('title-tag');

// A comment in the style of themes from 2010: author and date in their own
// lines above the text, a Reply link below it.
function annals_classic_comment($comment, $args, $depth) {
	?>
	<li <?php comment_class(); ?> id="li-comment-<?php comment_ID(); ?>">
		<div id="comment-<?php comment_ID(); ?>">
			<div class="comment-author vcard">
				<cite class="fn"><?php comment_author_link(); ?></cite> <span class="says">says:</span>
			</div>
			<div class="comment-meta commentmetadata"><a href="<?php echo esc_url(get_comment_link($comment->comment_ID)); ?>"><?php printf('%1$s at %2$s', get_comment_date(), get_comment_time()); ?></a></div>
			<div class="comment-body"><?php comment_text(); ?></div>
			<div class="reply"><?php comment_reply_link(array_merge($args, array('depth' => $depth, 'max_depth' => $args['max_depth']))); ?></div>
		</div>
	<?php
}

// Pings as older themes list them: the linking site only, no date.
function annals_classic_ping($comment, $args, $depth) {
	?>
	<li class="post pingback"><p>Pingback: <?php comment_author_link(); ?></p>
	<?php
}

// The older/newer comment links, printed above and below the list.
function annals_classic_comment_nav() {
	if (get_comment_pages_count() > 1 && get_option('page_comments')) {
		?>
	<div class="navigation">
		<div class="nav-previous"><?php previous_comments_link('&larr; Older Comments'); ?></div>
		<div class="nav-next"><?php next_comments_link('Newer Comments &rarr;'); ?></div>
	</div>
		<?php
	}
}
