<?php get_header(); ?>
<div id="container"><div id="content" role="main">
<?php while (have_posts()) : the_post(); ?>
	<div id="post-<?php the_ID(); ?>" <?php post_class(); ?>>
		<h2 class="entry-title"><a href="<?php the_permalink(); ?>" rel="bookmark"><?php the_title(); ?></a></h2>
		<div class="entry-meta">Posted on <a href="<?php the_permalink(); ?>"><span class="entry-date"><?php echo get_the_date(); ?></span></a> by <span class="author vcard"><a class="url fn n" href="<?php echo esc_url(get_author_posts_url(get_the_author_meta('ID'))); ?>"><?php the_author(); ?></a></span></div>
		<div class="entry-summary"><?php the_excerpt(); ?></div>
		<div class="entry-utility"><a href="<?php comments_link(); ?>"><?php comments_number('Leave a comment', '1 Comment', '% Comments'); ?></a></div>
	</div>
<?php endwhile; ?>
	<div id="nav-below" class="navigation">
		<div class="nav-previous"><?php next_posts_link('&larr; Older posts'); ?></div>
		<div class="nav-next"><?php previous_posts_link('Newer posts &rarr;'); ?></div>
	</div>
</div></div>
<?php get_sidebar(); ?>
<?php get_footer(); ?>
