<div id="primary" class="widget-area" role="complementary">
	<ul class="xoxo">
		<?php dynamic_sidebar('sidebar-1'); ?>
	</ul>
</div>
