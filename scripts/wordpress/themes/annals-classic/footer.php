	</div><!-- #main -->
	<div id="footer" role="contentinfo">
		<div id="site-info"><a href="<?php echo esc_url(home_url('/')); ?>"><?php bloginfo('name'); ?></a></div>
		<div id="site-generator">Proudly powered by WordPress.</div>
	</div>
</div><!-- #wrapper -->
<?php wp_footer(); ?>
</body>
</html>
