<?php
/*
 * site.php: installs, fills, dumps and edits annals' WordPress test site
 * through WordPress's own functions. Run by scripts/wordpress/run as
 *   php site.php install|fill|dump|edit
 * with ANNALS_WP_CONFIG naming the /etc/wordpress/config-*.php to use.
 *
 * The content is chosen for what crawls get wrong: authors with non-ASCII
 * names, with and without biographies; a post split with <!--nextpage-->;
 * threaded comments over several comment pages; a pingback and a
 * trackback; held and spam comments; a password-protected post; a draft, a
 * private post and a scheduled post that must never be archived; tags and
 * categories; posts edited after publication.
 */

$cmd = isset($argv[1]) ? $argv[1] : '';
$_SERVER['WORDPRESS_CONFIG'] = getenv('ANNALS_WP_CONFIG');
$_SERVER['HTTP_HOST'] = '127.0.0.1';
$_SERVER['REQUEST_METHOD'] = 'GET';
if ($cmd === 'install') {
	define('WP_INSTALLING', true);
}
require '/usr/share/wordpress/wp-load.php';

function fail($msg) {
	fwrite(STDERR, "site.php: $msg\n");
	exit(1);
}

function must($v, $what) {
	if (is_wp_error($v)) {
		fail("$what: " . $v->get_error_message());
	}
	if (!$v) {
		fail("$what failed");
	}
	return $v;
}

function install() {
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	$r = wp_install('Marginalia', 'admin', 'admin@example.test', true, '', 'annals-admin-password');
	must(isset($r['user_id']) ? $r['user_id'] : 0, 'wp_install');
}

function p($s) {
	return "<!-- wp:paragraph -->\n<p>$s</p>\n<!-- /wp:paragraph -->\n\n";
}

function fill() {
	update_option('permalink_structure', '/%year%/%monthnum%/%postname%/');
	update_option('timezone_string', 'Europe/Berlin');
	update_option('posts_per_page', 4);
	update_option('page_comments', 1);
	update_option('comments_per_page', 3);
	update_option('thread_comments', 1);
	update_option('thread_comments_depth', 4);
	update_option('comment_moderation', 0);
	update_option('comment_previously_approved', 0);
	update_option('default_pingback_flag', 0);
	update_option('ping_sites', '');
	update_option('show_avatars', 0);
	update_option('blogdescription', 'Notes on old books and their readers');
	flush_rewrite_rules();
	// The installer's sample post, its comment and the sample page go.
	foreach (get_posts(array('post_type' => array('post', 'page'), 'post_status' => 'any', 'numberposts' => -1)) as $sample) {
		wp_delete_post($sample->ID, true);
	}

	// Footer widgets on the classic themes: Recent Posts, Recent Comments
	// and the Latest Comments block link to other posts and their comments.
	update_option('widget_recent-posts', array(2 => array('title' => 'Recent Posts', 'number' => 5), '_multiwidget' => 1));
	update_option('widget_recent-comments', array(2 => array('title' => 'Recent Comments', 'number' => 5), '_multiwidget' => 1));
	update_option('widget_block', array(2 => array('content' => '<!-- wp:latest-comments {"commentsToShow":4} /-->'), '_multiwidget' => 1));
	update_option('sidebars_widgets', array(
		'wp_inactive_widgets' => array(),
		'sidebar-1' => array('recent-posts-2', 'recent-comments-2', 'block-2'),
		'array_version' => 3,
	));

	$users = array(
		'jose' => array('José Müller-Łukasz', 'José writes about printers, binders and the people who paid them. He lives in Kraków.'),
		'zoe' => array('Zoë Ångström', ''),
		'hiro' => array('宮本 ひろ', 'ひろ translates Edo-period travel writing and reviews facsimiles.'),
	);
	$ids = array();
	foreach ($users as $login => $u) {
		$ids[$login] = must(wp_insert_user(array(
			'user_login' => $login,
			'user_pass' => "annals-$login-password",
			'user_email' => "$login@example.test",
			'display_name' => $u[0],
			'nickname' => $u[0],
			'description' => $u[1],
			'role' => 'author',
		)), "user $login");
	}

	$cat = must(wp_insert_term('Bookbinding', 'category'), 'category');
	$cat2 = must(wp_insert_term('Translation', 'category'), 'category');

	$posts = array(
		array('slug' => 'marbled-endpapers', 'author' => 'jose', 'date' => '2024-03-02 09:15:00',
			'title' => 'Marbled endpapers & what they tell us',
			'cats' => array($cat['term_id']), 'tags' => array('paper', 'marbling'),
			'content' => p('Marbled endpapers were once a sign of a careful binder. This post looks at three volumes from the same shop.')
				. p('The first volume has a comb pattern in red and blue; the second a stone pattern that has faded to grey.')
				. "<!-- wp:heading -->\n<h2>Dating by pattern</h2>\n<!-- /wp:heading -->\n\n"
				. p('Patterns changed with fashion, so they help date a binding within a decade or two.')
				. "<!-- wp:list -->\n<ul><li>Comb patterns: common after 1800</li><li>Stone patterns: older, and never quite gone</li></ul>\n<!-- /wp:list -->\n\n"
				. "<!-- wp:table -->\n<figure class=\"wp-block-table\"><table><tbody><tr><td>Volume</td><td>Pattern</td></tr><tr><td>I</td><td>Comb</td></tr><tr><td>II</td><td>Stone</td></tr></tbody></table></figure>\n<!-- /wp:table -->\n\n"
				. p('The third volume is a later rebinding, and its endpapers are machine-made.')),
		array('slug' => 'three-part-guide-to-collation', 'author' => 'zoe', 'date' => '2024-05-11 14:40:00',
			'title' => 'A guide to collation, in three parts',
			'cats' => array($cat['term_id']), 'tags' => array('collation'),
			'content' => p('Part one. Collation means counting the leaves and gatherings of a book to see that nothing is missing.')
				. p('Start with the signatures printed at the foot of the first leaves of each gathering.')
				. "<!--nextpage-->\n\n"
				. p('Part two. Write the formula: the format, then each gathering with its number of leaves.')
				. "<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>4°: A–C⁴ D² (D2 blank)\n  = 14 leaves</code></pre>\n<!-- /wp:code -->\n\n"
				. "<!--nextpage-->\n\n"
				. p('Part three. Compare your formula with a bibliography; a difference is either a defect or a variant issue.')),
		array('slug' => 'travel-diaries-of-the-tokaido', 'author' => 'hiro', 'date' => '2024-06-20 07:05:00',
			'title' => 'Travel diaries of the Tōkaidō',
			'cats' => array($cat2['term_id']), 'tags' => array('Edo', 'travel'),
			'content' => p('The fifty-three stations of the Tōkaidō appear in hundreds of diaries, some printed and many not.')
				. "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>The road is long, and the tea at Mariko is good.</p></blockquote>\n<!-- /wp:quote -->\n\n"
				. p('Translating them means keeping the plainness of the entries; the writers counted miles and meals, not feelings.')),
		array('slug' => 'a-binders-ticket', 'author' => 'jose', 'date' => '2024-08-08 18:30:00',
			'title' => 'A binder’s ticket, found',
			'cats' => array($cat['term_id']), 'tags' => array('tickets'),
			'content' => p('Under the pastedown of a worn prayer book I found a binder’s ticket, printed in two colours.')
				. p('Tickets like this one name the shop and its street; the street numbers changed in 1858, which dates it.')),
		array('slug' => 'members-only-notes', 'author' => 'zoe', 'date' => '2024-09-01 10:00:00',
			'title' => 'Notes for the reading group',
			'cats' => array($cat2['term_id']), 'tags' => array(),
			'password' => 'reading-group',
			'content' => p('These notes are for the reading group only: chapters four to six, and the questions we left open.')),
		array('slug' => 'on-foxing', 'author' => 'zoe', 'date' => '2024-10-15 12:00:00',
			'title' => 'On foxing',
			'cats' => array($cat['term_id']), 'tags' => array('paper', 'conservation'),
			'content' => p('Foxing is the rust-brown spotting of old paper. Nobody agrees on its cause.')
				. p('Fungus, iron in the paper, damp: each theory explains some spots and not others.')),
		array('slug' => 'reading-marginalia', 'author' => 'hiro', 'date' => '2025-01-12 16:45:00',
			'title' => 'Reading other people’s marginalia',
			'cats' => array($cat2['term_id']), 'tags' => array('marginalia'),
			'content' => p('A reader who writes in a book leaves two texts: what they wrote and where they wrote it.')
				. p('In a copy of a travel guide the underlinings stop at Ōsaka. The owner, we may guess, went no further.')),
		array('slug' => 'draft-never-published', 'author' => 'jose', 'date' => '2025-02-01 09:00:00',
			'title' => 'A draft nobody should see', 'status' => 'draft',
			'cats' => array($cat['term_id']), 'tags' => array(),
			'content' => p('This draft must never be archived.')),
		array('slug' => 'private-thoughts', 'author' => 'jose', 'date' => '2025-02-02 09:00:00',
			'title' => 'Private thoughts', 'status' => 'private',
			'cats' => array($cat['term_id']), 'tags' => array(),
			'content' => p('This private post must never be archived.')),
		array('slug' => 'scheduled-for-later', 'author' => 'zoe', 'date' => '2031-01-01 09:00:00',
			'title' => 'Scheduled for later', 'status' => 'future',
			'cats' => array($cat['term_id']), 'tags' => array(),
			'content' => p('This scheduled post must never be archived.')),
	);
	$pid = array();
	foreach ($posts as $d) {
		$args = array(
			'post_name' => $d['slug'],
			'post_title' => $d['title'],
			'post_content' => $d['content'],
			'post_author' => $ids[$d['author']],
			'post_date' => $d['date'],
			'post_status' => isset($d['status']) ? $d['status'] : 'publish',
			'post_category' => $d['cats'],
			'tags_input' => $d['tags'],
			'comment_status' => 'open',
			'ping_status' => 'open',
		);
		if (isset($d['password'])) {
			$args['post_password'] = $d['password'];
		}
		$pid[$d['slug']] = must(wp_insert_post($args, true), 'post ' . $d['slug']);
	}
	// Edited after publication: the modified date moves, the published one stays.
	foreach (array('marbled-endpapers', 'on-foxing') as $slug) {
		$post = get_post($pid[$slug]);
		must(wp_update_post(array(
			'ID' => $post->ID,
			'post_content' => $post->post_content . p('Update: a reader sent photographs of a fourth copy.'),
		), true), "edit $slug");
	}

	// Comments: a threaded discussion over several comment pages.
	$t0 = strtotime('2024-03-03 08:00:00');
	$thread = array(
		array('Ewa Kowalczyk', '', 'Which shop was it? The comb pattern sounds like the Leipzig binders.'),
		array('José Müller-Łukasz', 'jose', 'A Kraków shop, I think, though the ticket is missing.', 0),
		array('Ewa Kowalczyk', '', 'Then the stone pattern might be imported paper.', 1),
		array('Jean-Luc Ébrard', '', 'Lovely photographs. Do you know the date of the rebinding?'),
		array('Priya Natarajan', '', 'Machine-made endpapers suggest after 1870 or so.'),
		array('José Müller-Łukasz', 'jose', 'Yes, the 1880s by the cloth.', 4),
		array('Tomás Ó Briain', '', 'I have a similar set; happy to send pictures.'),
		array('Anna Lindqvist', '', 'Is marbling still taught anywhere?'),
	);
	$cids = array();
	foreach ($thread as $i => $c) {
		$parent = isset($c[3]) ? $cids[$c[3]] : 0;
		$cids[$i] = must(wp_insert_comment(array(
			'comment_post_ID' => $pid['marbled-endpapers'],
			'comment_author' => $c[0],
			'comment_author_email' => 'c' . $i . '@example.test',
			'comment_content' => $c[2],
			'comment_parent' => $parent,
			'user_id' => $c[1] ? get_user_by('login', $c[1])->ID : 0,
			'comment_date' => date('Y-m-d H:i:s', $t0 + $i * 5400),
			'comment_approved' => 1,
		)), "comment $i");
	}
	must(wp_insert_comment(array(
		'comment_post_ID' => $pid['marbled-endpapers'],
		'comment_author' => 'Held Back', 'comment_content' => 'Awaiting moderation: must not be archived.',
		'comment_date' => '2024-03-05 10:00:00', 'comment_approved' => 0,
	)), 'held comment');
	must(wp_insert_comment(array(
		'comment_post_ID' => $pid['marbled-endpapers'],
		'comment_author' => 'Cheap Pills', 'comment_content' => 'Spam: must not be archived.',
		'comment_date' => '2024-03-05 11:00:00', 'comment_approved' => 'spam',
	)), 'spam comment');

	// Pings: no date in a classic theme's ping list, and not in the REST API
	// for anonymous readers.
	must(wp_insert_comment(array(
		'comment_post_ID' => $pid['a-binders-ticket'],
		'comment_author' => 'The Ephemera Society blog',
		'comment_author_url' => 'http://ephemera.example.test/2024/08/tickets/',
		'comment_content' => '[&#8230;] a fine example of a binder’s ticket, dated by its street number [&#8230;]',
		'comment_type' => 'pingback',
		'comment_date' => '2024-08-10 09:30:00', 'comment_approved' => 1,
	)), 'pingback');
	must(wp_insert_comment(array(
		'comment_post_ID' => $pid['a-binders-ticket'],
		'comment_author' => 'Bindings Weekly',
		'comment_author_url' => 'http://bindings.example.test/ticket-roundup/',
		'comment_content' => 'This week: tickets, labels and stamps.',
		'comment_type' => 'trackback',
		'comment_date' => '2024-08-11 12:00:00', 'comment_approved' => 1,
	)), 'trackback');
	must(wp_insert_comment(array(
		'comment_post_ID' => $pid['a-binders-ticket'],
		'comment_author' => 'Marta Nowak', 'comment_content' => 'Two colours! That is unusual for a small shop.',
		'comment_date' => '2024-08-12 20:15:00', 'comment_approved' => 1,
	)), 'comment');
	must(wp_insert_comment(array(
		'comment_post_ID' => $pid['travel-diaries-of-the-tokaido'],
		'comment_author' => '田中 花子', 'comment_content' => 'Mariko is still famous for its tororo soup.',
		'comment_date' => '2024-06-21 06:00:00', 'comment_approved' => 1,
	)), 'comment');
	must(wp_insert_comment(array(
		'comment_post_ID' => $pid['members-only-notes'],
		'comment_author' => 'Reading Group', 'comment_content' => 'See you on Thursday.',
		'comment_date' => '2024-09-02 08:00:00', 'comment_approved' => 1,
	)), 'comment');
}

// text turns rendered HTML into the words a reader sees.
function text($html) {
	$html = preg_replace('#<(script|style)\b.*?</\1>#si', '', $html);
	$html = preg_replace('#<br\s*/?>|</(p|div|li|h[1-6]|tr|td|th|pre|blockquote|figure)>#i', "\n", $html);
	return trim(preg_replace('/\s+/u', ' ', html_entity_decode(wp_strip_all_tags($html), ENT_QUOTES | ENT_HTML5, 'UTF-8')));
}

function dump() {
	$out = array('posts' => array(), 'hidden' => array());
	$all = get_posts(array('post_type' => 'post', 'post_status' => array('publish', 'draft', 'private', 'future'),
		'numberposts' => -1, 'orderby' => 'ID', 'order' => 'ASC'));
	foreach ($all as $post) {
		if ($post->post_status !== 'publish') {
			$out['hidden'][] = array('id' => $post->ID, 'title' => $post->post_title, 'slug' => $post->post_name,
				'status' => $post->post_status, 'link' => get_permalink($post));
			continue;
		}
		$GLOBALS['post'] = $post;
		setup_postdata($post);
		$author = get_userdata($post->post_author);
		$comments = array();
		foreach (get_comments(array('post_id' => $post->ID, 'status' => 'approve', 'type' => 'all', 'orderby' => 'comment_ID', 'order' => 'ASC')) as $c) {
			$comments[] = array(
				'id' => (string) $c->comment_ID,
				'parent' => $c->comment_parent ? (string) $c->comment_parent : '',
				'author' => $c->comment_author,
				'date' => mysql2date('Y-m-d\TH:i:s\Z', $c->comment_date_gmt, false),
				'local_date' => mysql2date('Y-m-d\TH:i:s', $c->comment_date, false),
				'text' => text(apply_filters('comment_text', $c->comment_content, $c, array())),
				'type' => $c->comment_type === '' ? 'comment' : $c->comment_type,
			);
		}
		$protected = $post->post_password !== '';
		$parts = substr_count($post->post_content, '<!--nextpage-->') + 1;
		$out['posts'][] = array(
			'id' => $post->ID,
			'link' => get_permalink($post),
			'title' => html_entity_decode(get_the_title($post), ENT_QUOTES | ENT_HTML5, 'UTF-8'),
			'raw_title' => html_entity_decode($post->post_title, ENT_QUOTES | ENT_HTML5, 'UTF-8'),
			'date' => mysql2date('Y-m-d\TH:i:s\Z', $post->post_date_gmt, false),
			'local_date' => mysql2date('Y-m-d\TH:i:s', $post->post_date, false),
			'modified' => mysql2date('Y-m-d\TH:i:s\Z', $post->post_modified_gmt, false),
			'author' => $author->display_name,
			'author_bio' => $author->description,
			'protected' => $protected,
			'parts' => $parts,
			'text' => $protected ? '' : text(apply_filters('the_content', $post->post_content)),
			'tags' => wp_get_post_tags($post->ID, array('fields' => 'names')),
			'categories' => wp_get_post_categories($post->ID, array('fields' => 'names')),
			'comments' => $comments,
		);
	}
	echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
}

// edit makes the changes an update must find, and nothing else: one post's
// body, another's title, a new reply under an old comment, an edited
// comment. A new comment also changes the Recent Comments widget on every
// page of the classic themes, which must not count as a change of the
// other posts.
function edit() {
	$by = function ($slug) {
		$p = get_page_by_path($slug, OBJECT, 'post');
		if (!$p) {
			fail("no post $slug");
		}
		return $p;
	};
	// Each run makes a real change, also on a site edited before.
	$n = (int) get_option('annals_test_edits', 0) + 1;
	update_option('annals_test_edits', $n);
	$p = $by('on-foxing');
	must(wp_update_post(array('ID' => $p->ID,
		'post_content' => $p->post_content . p("Update $n: a conservator wrote in about iron gall.")), true), 'edit body');
	$p = $by('reading-marginalia');
	must(wp_update_post(array('ID' => $p->ID, 'post_title' => "Reading other people’s marginalia, revision $n"), true), 'edit title');
	$p = $by('travel-diaries-of-the-tokaido');
	$first = get_comments(array('post_id' => $p->ID, 'number' => 1, 'orderby' => 'comment_ID', 'order' => 'ASC'));
	must(wp_insert_comment(array(
		'comment_post_ID' => $p->ID, 'comment_parent' => $first[0]->comment_ID,
		'comment_author' => 'Sven Åberg', 'comment_content' => "And for its woodblock print by Hiroshige ($n).",
		'comment_date' => date('Y-m-d H:i:s', strtotime('2025-03-01 10:00:00') + $n * 60), 'comment_approved' => 1,
	)), 'reply');
	$p = $by('a-binders-ticket');
	$cs = get_comments(array('post_id' => $p->ID, 'type' => 'comment', 'number' => 1));
	must(wp_update_comment(array('comment_ID' => $cs[0]->comment_ID,
		'comment_content' => "Two colours! That is unusual for a small shop, and costly (edit $n).")), 'edit comment');
}

switch ($cmd) {
case 'install': install(); break;
case 'fill': fill(); break;
case 'dump': dump(); break;
case 'edit': edit(); break;
default: fail("unknown command '$cmd'");
}
