<div id="comments">
<?php if (post_password_required()) : ?>
	<p class="nopassword">This post is password protected. Enter the password to view any comments.</p>
</div>
<?php return; endif; ?>
<?php if (have_comments()) : ?>
	<h3 id="comments-title"><?php printf('%1$s Responses to %2$s', number_format_i18n(get_comments_number()), '<em>' . get_the_title() . '</em>'); ?></h3>
	<?php annals_classic_comment_nav(); ?>
	<ol class="commentlist">
		<?php wp_list_comments(array('type' => 'comment', 'callback' => 'annals_classic_comment')); ?>
	</ol>
	<?php annals_classic_comment_nav(); ?>
	<h3 id="pings">Trackbacks and pingbacks</h3>
	<ol class="pinglist">
		<?php wp_list_comments(array('type' => 'pings', 'callback' => 'annals_classic_ping')); ?>
	</ol>
<?php endif; ?>
<?php comment_form(); ?>
</div>
