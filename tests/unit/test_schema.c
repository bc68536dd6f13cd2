/* Tests of schema.c and suggest.c: the table's integrity (names, docs,
 * contiguous blocks, defaults in range) and the "did you mean" picks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>
#include "probekind.h"
#include "schema.h"
#include "common/table.h"
#include "suggest.h"
#include "leak.h"


static size_t word_count(const char *words)
{
	size_t n = 0;

	for (const char *p = words; *p; p += strspn(p, " ")) {
		n++;
		p += strcspn(p, " ");
	}
	return n;
}

static void test_names_and_docs(void **state)
{
	(void)state;
	for (size_t i = 0; i < SK__COUNT; i++) {
		const struct schema_key *k = &schema_keys[i];
		assert_int_equal(k->id, i);
		assert_non_null(k->name);
		assert_true(strlen(k->name) > 0);
		assert_non_null(k->doc);
		assert_true(strlen(k->doc) > 0);
		assert_true(k->block > SB_NONE && k->block < SB__COUNT);
		/* A key name is unique in its block. */
		assert_ptr_equal(schema_find(k->block, k->name), k);
	}
}

static void test_blocks_contiguous(void **state)
{
	size_t total = 0;

	(void)state;
	for (int b = 0; b < SB__COUNT; b++) {
		size_t first = schema_first(b), n = schema_count(b);
		assert_true(n > 0);
		total += n;
		for (size_t i = 0; i < SK__COUNT; i++) {
			bool inside = i >= first && i < first + n;
			assert_int_equal(schema_keys[i].block == (enum schema_block)b, inside);
		}
	}
	assert_int_equal(total, SK__COUNT);
	assert_int_equal(schema_first(SB_TOP), TOP_SUPERVISOR);
	assert_int_equal(schema_first(SB_SERVICE), SVC_COMMAND);
	assert_int_equal(schema_count(SB_AUTH), 2);
}

static void test_find(void **state)
{
	(void)state;
	assert_ptr_equal(schema_find(SB_SERVICE, "command"), &schema_keys[SVC_COMMAND]);
	assert_ptr_equal(schema_find(SB_SUPERVISOR, "logfile"), &schema_keys[SUP_LOGFILE]);
	assert_ptr_equal(schema_find(SB_TOP, "service"), &schema_keys[TOP_SERVICE]);
	assert_ptr_equal(schema_find(SB_LOG, "backups"), &schema_keys[LOG_BACKUPS]);
	assert_null(schema_find(SB_SERVICE, "comand"));
	assert_null(schema_find(SB_SERVICE, "logfile"));
	assert_null(schema_find(SB_TOP, "command"));
	assert_null(schema_find(SB_SERVICE, ""));
	assert_null(schema_find(SB_SERVICE, "Command"));
}

static void test_words(void **state)
{
	const struct schema_key *ar = &schema_keys[SVC_AUTORESTART];

	(void)state;
	assert_int_equal(schema_word(ar, "false"), 0);
	assert_int_equal(schema_word(ar, "true"), 1);
	assert_int_equal(schema_word(ar, "unexpected"), 2);
	assert_int_equal(schema_word(ar, "unexp"), -1);
	assert_int_equal(schema_word(ar, "unexpectedly"), -1);
	assert_int_equal(schema_word(ar, ""), -1);
	assert_int_equal(schema_word(&schema_keys[SUP_LOGLEVEL], "blather"), 6);
	assert_int_equal(schema_word(&schema_keys[SVC_STDERR], "stdout"), 2);
	assert_int_equal(schema_word(&schema_keys[SVC_COMMAND], "x"), -1);
	for (size_t i = 0; i < SK__COUNT; i++) {
		const struct schema_key *k = &schema_keys[i];
		if (k->type != ST_ENUM)
			continue;
		assert_non_null(k->words);
		assert_true(k->def_num >= 0 && (size_t)k->def_num < word_count(k->words));
	}
}

static bool numeric(enum schema_type t)
{
	return t == ST_INT || t == ST_OCTAL || t == ST_DURATION || t == ST_SIZE || t == ST_BOOL
		|| t == ST_INTS || t == ST_PORT;
}

static void test_defaults_in_range(void **state)
{
	(void)state;
	for (size_t i = 0; i < SK__COUNT; i++) {
		const struct schema_key *k = &schema_keys[i];
		if (!numeric(k->type))
			continue;
		assert_true(k->min <= k->max);
		/* -1 for an octal key means "unset, inherited" (a service's umask). */
		if (k->type == ST_OCTAL && k->def_num == -1)
			continue;
		/* below the least: none (sdnotify's watchdog, nice, memory, the
		   limits), for the keys whose table field says "not set" */
		if ((k->type == ST_DURATION || k->type == ST_INT || k->type == ST_SIZE)
		    && k->def_num < k->min)
			continue;
		if (k->def_num < k->min || k->def_num > k->max)
			fail_msg("default of %s out of range", k->name);
	}
}

static void test_blocks_have_sub(void **state)
{
	(void)state;
	for (size_t i = 0; i < SK__COUNT; i++) {
		const struct schema_key *k = &schema_keys[i];
		bool takes_block = k->flags & (SF_BLOCK | SF_BLOCK_OPT);
		assert_int_equal(takes_block, k->sub != SB_NONE);
		if (k->type == ST_BLOCK)
			assert_true(k->flags & SF_BLOCK);
	}
}

/* Every kind word of a probe key is a kind probekind.c knows, and every
 * key of its block names only kinds of that probe. */
static void test_probe_words(void **state)
{
	size_t probes = 0;

	(void)state;
	for (size_t i = 0; i < SK__COUNT; i++) {
		const struct schema_key *k = &schema_keys[i];
		char w[32];

		if (k->type != ST_PROBE)
			continue;
		probes++;
		assert_non_null(k->words);
		assert_true(k->sub == SB_READY || k->sub == SB_HEALTH);
		for (const char *p = k->words; *p; p += strspn(p, " ")) {
			size_t n = strcspn(p, " ");
			assert_true(n < sizeof w);
			memcpy(w, p, n);
			w[n] = '\0';
			assert_non_null(probekind_find(w));
			p += n;
		}
		for (size_t j = 0; j < schema_count(k->sub); j++) {
			const struct schema_key *sk = &schema_keys[schema_first(k->sub) + j];
			for (const char *p = sk->words ? sk->words : ""; *p; p += strspn(p, " ")) {
				size_t n = strcspn(p, " ");
				memcpy(w, p, n);
				w[n] = '\0';
				if (schema_word(k, w) < 0)
					fail_msg("'%s' of %s names '%s', not a kind of %s",
						 sk->name, k->name, w, k->name);
				p += n;
			}
		}
	}
	assert_int_equal(probes, 2);
	assert_null(probekind_find("tpc"));
	assert_null(probekind_find(NULL));
	assert_int_equal(probekind_find("log")->kind, MPROBE_LOG);
	assert_null(probekind_find("notify")->target);
	assert_string_equal(probekind_find("tcp")->target, "\"HOST:PORT\"");
}

/* limits { } holds the rlimits in the table's order, so the writer can
 * count on it; the words an ST_INT takes are few. */
static void test_limits_order(void **state)
{
	(void)state;
	assert_int_equal(schema_count(SB_LIMITS), TABLE_NRLIMITS);
	assert_int_equal(schema_first(SB_LIMITS), LIM_NOFILE);
	assert_int_equal(LIM_NPROC - LIM_NOFILE, TABLE_RL_NPROC);
	assert_int_equal(LIM_CORE - LIM_NOFILE, TABLE_RL_CORE);
	assert_int_equal(LIM_MEMLOCK - LIM_NOFILE, TABLE_RL_MEMLOCK);
	assert_int_equal(LIM_AS - LIM_NOFILE, TABLE_RL_AS);
	assert_int_equal(LIM_DATA - LIM_NOFILE, TABLE_RL_DATA);
	assert_int_equal(LIM_STACK - LIM_NOFILE, TABLE_RL_STACK);
	assert_int_equal(LIM_CPU - LIM_NOFILE, TABLE_RL_CPU);
	assert_true(schema_keys[LIM_CPU].flags & SF_SECONDS);
	assert_int_equal(schema_word(&schema_keys[SVC_STARTRETRIES], "infinite"), 0);
	assert_string_equal(schema_block_name(SB_BACKOFF), "backoff");
	assert_string_equal(schema_suggest(SB_LIMITS, "nofiles"), "nofile");
	for (size_t i = 0; i < SK__COUNT; i++)
		if (schema_keys[i].type == ST_INT && schema_keys[i].words)
			assert_int_equal(word_count(schema_keys[i].words), 1);
}

static void test_block_names(void **state)
{
	(void)state;
	assert_string_equal(schema_block_name(SB_SERVICE), "service");
	assert_string_equal(schema_block_name(SB_SUPERVISOR), "supervisor");
	assert_string_equal(schema_block_name(SB_TOP), "top level");
	for (int b = 0; b < SB__COUNT; b++)
		assert_true(strlen(schema_block_name(b)) > 0);
}

static void test_suggest(void **state)
{
	(void)state;
	assert_string_equal(schema_suggest(SB_SERVICE, "comand"), "command");
	assert_string_equal(schema_suggest(SB_SERVICE, "autorestrat"), "autorestart");
	assert_string_equal(schema_suggest(SB_SERVICE, "stopwiat"), "stopwait");
	assert_string_equal(schema_suggest(SB_TOP, "servce"), "service");
	assert_string_equal(schema_suggest(SB_TOP, "Service"), "service");
	assert_string_equal(schema_suggest(SB_SUPERVISOR, "logfile_maxbyte"), "logfile_maxbytes");
	assert_null(schema_suggest(SB_TOP, "xyz"));
	assert_null(schema_suggest(SB_SERVICE, "xyz"));
	/* supervisord's names for our keys are recognised. */
	assert_string_equal(schema_suggest(SB_SERVICE, "stopwaitsecs"), "stopwait");
	assert_string_equal(schema_suggest(SB_SERVICE, "numprocs"), "instances");
	assert_string_equal(schema_suggest(SB_SERVICE, "process_name"), "name");
	assert_string_equal(schema_suggest(SB_SERVICE, "environment"), "env");
	assert_null(schema_suggest(SB_SUPERVISOR, "numprocs"));
	assert_null(schema_suggest(SB_SERVICE, "x"));
}

static void test_distance(void **state)
{
	char long_word[SUGGEST_MAX_LEN + 2];

	(void)state;
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("abc", "abc"), 0);
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("ab", "ba"), 1);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	/* Optimal string alignment: a swapped pair cannot be edited again. */
	assert_int_equal(suggest_distance("ca", "abc"), 3);
	memset(long_word, 'a', sizeof long_word - 1);
	long_word[sizeof long_word - 1] = '\0';
	assert_true(suggest_distance(long_word, "a") == (size_t)-1);
}

static void test_best(void **state)
{
	const char *const cands[] = {"start", "stop", "stat", "state"};

	(void)state;
	/* "stap" is one edit from both "stop" and "stat": the earlier wins. */
	assert_string_equal(suggest_best("stap", cands, 4), "stop");
	assert_string_equal(suggest_best("stopp", cands, 4), "stop");
	assert_string_equal(suggest_best("stat", cands, 4), "stat");
	assert_null(suggest_best("zzzz", cands, 4));
	assert_null(suggest_best("stop", cands, 0));
	assert_null(suggest_best("", cands, 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_names_and_docs, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_blocks_contiguous, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_find, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_words, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_defaults_in_range, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_blocks_have_sub, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_probe_words, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_limits_order, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_block_names, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_suggest, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_distance, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_best, leak_setup, leak_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
