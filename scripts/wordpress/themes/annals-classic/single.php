<?php get_header(); ?>
<div id="container"><div id="content" role="main">
<?php while (have_posts()) : the_post(); ?>
	<div id="nav-above" class="navigation">
		<div class="nav-previous"><?php previous_post_link('%link', '&larr; %title'); ?></div>
		<div class="nav-next"><?php next_post_link('%link', '%title &rarr;'); ?></div>
	</div>
	<div id="post-<?php the_ID(); ?>" <?php post_class(); ?>>
		<h1 class="entry-title"><?php the_title(); ?></h1>
		<div class="entry-meta">Posted on <a href="<?php the_permalink(); ?>" rel="bookmark"><span class="entry-date"><?php echo get_the_date(); ?></span></a> by <span class="author vcard"><a class="url fn n" href="<?php echo esc_url(get_author_posts_url(get_the_author_meta('ID'))); ?>"><?php the_author(); ?></a></span></div>
		<div class="entry-content">
			<?php the_content(); ?>
			<?php wp_link_pages(array('before' => '<div class="page-link">Pages:', 'after' => '</div>')); ?>
		</div>
		<div class="entry-utility">This entry was posted in <?php the_category(', '); ?><?php the_tags(' and tagged ', ', ', ''); ?>. Bookmark the <a href="<?php the_permalink(); ?>" rel="bookmark">permalink</a>.</div>
	</div>
	<?php comments_template('', true); ?>
<?php endwhile; ?>
</div></div>
<?php get_sidebar(); ?>
<?php get_footer(); ?>
