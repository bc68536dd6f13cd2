/* The nginx snippet generator: templates/nginx-svc.conf with the upstream
 * (the supervisor's unix socket or listen address), the server and the
 * location's access rules filled in from the nginx block. */
#include <ctype.h>
#include <string.h>
#include "emit_fmt.h"
#include "emit_nginx.h"
#include "common/oom.h"

#define NGINX_FORMAT "nginx snippet"

struct ngx {
	TALLOC_CTX *ctx;
	struct diags *d;
	bool failed;
};

/* TEXT as one nginx token: bare when plain, else in double quotes. '$'
 * would name an nginx variable and cannot be escaped, so it is refused. */
static const char *ngx_token(struct ngx *w, const char *text, struct loc at, const char *what)
{
	char *out;

	if (strchr(text, '$') || strchr(text, '\n')) {
		diag_report(w->d, D_CONFLICT, at,
			    "%s holds '$' or a line break, which the %s "
			    "cannot carry",
			    what, NGINX_FORMAT);
		w->failed = true;
		return "";
	}
	if (*text
	    && strspn(text,
		      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789/._-:*~^[]")
		    == strlen(text))
		return text;
	out = must(talloc_strdup(w->ctx, "\""));
	for (const char *p = text; *p; p++) {
		if (*p == '"' || *p == '\\')
			out = must(talloc_strdup_append_buffer(out, "\\"));
		out = must(talloc_strndup_append_buffer(out, p, 1));
	}
	return must(talloc_strdup_append_buffer(out, "\""));
}

static const char *ngx_value(struct ngx *w, const struct mvalue *mv, const char *what)
{
	const char *v = emit_plain(mv, what, NGINX_FORMAT, w->d);

	if (!v) {
		w->failed = true;
		return "";
	}
	return ngx_token(w, v, emit_loc(mv), what);
}

/* "svc_ops_supervisor" for "/ops/supervisor/": one upstream per panel. */
static char *upstream_name(TALLOC_CTX *ctx, const char *location)
{
	char *out = must(talloc_strdup(ctx, "svc"));

	for (const char *p = location; *p; p++) {
		if (isalnum((unsigned char)*p))
			out = must(talloc_strndup_append_buffer(out, p, 1));
		else if (out[strlen(out) - 1] != '_' && p[1])
			out = must(talloc_strdup_append_buffer(out, "_"));
	}
	return strcmp(out, "svc") == 0 || strcmp(out, "svc_") == 0
		? must(talloc_strdup(ctx, "svc_panel"))
		: out;
}

/* The address nginx connects to: the socket, or listen with "*" or an
 * empty host (every interface) reached on loopback. */
static const char *upstream_addr(struct ngx *w, const struct model *m, bool use_listen)
{
	const struct mvalue *sock = MV(m->supervisor, SUP_SOCKET);
	const struct mvalue *listen = MV(m->supervisor, SUP_LISTEN);
	const char *hp;

	if (!use_listen)
		return must(
			talloc_asprintf(w->ctx, "unix:%s", ngx_value(w, sock, "the socket path")));
	hp = listen->word;
	if (hp[0] == ':' || strncmp(hp, "*:", 2) == 0)
		return must(talloc_asprintf(w->ctx, "127.0.0.1:%s", strchr(hp, ':') + 1));
	return ngx_token(w, hp, emit_loc(listen), "listen");
}

/* Specific denies first, then allows, then "deny all": the order nginx
 * checks them in, first match wins. */
static char *ngx_access(struct ngx *w, const struct mblock *b)
{
	const struct mvalue *allow = MV(b, NGX_ALLOW), *deny = MV(b, NGX_DENY);
	char *out = must(talloc_strdup(w->ctx, ""));
	bool deny_all = false;

	for (int pass = 0; pass < 2; pass++) {
		const struct mvalue *mv = pass ? allow : deny;
		for (size_t i = 0; i < mv->nvals; i++) {
			const struct ast_value *v = &mv->vals[i];
			const char *text = v->kind == AV_STRING ? ast_str_plain(&v->str) : v->text;
			if (v->kind == AV_IDENT && strcmp(v->text, "all") == 0) {
				deny_all = true;
				continue;
			}
			out = must(talloc_asprintf_append_buffer(
				out, "        %s %s;\n", pass ? "allow" : "deny",
				ngx_token(w, text ? text : "", v->loc, pass ? "allow" : "deny")));
		}
	}
	if (deny_all)
		out = must(talloc_strdup_append_buffer(out, "        deny all;\n"));
	return *out ? must(talloc_strdup_append_buffer(out, "\n")) : out;
}

static char *ngx_listen(TALLOC_CTX *ctx, const struct mvalue *mv)
{
	return mv->word ? must(talloc_strdup(ctx, mv->word))
			: must(talloc_asprintf(ctx, "%lld", mv->num));
}

char *emit_nginx(TALLOC_CTX *ctx, const struct model *m, const char *source, struct diags *d)
{
	struct ngx w = {must(talloc_new(NULL)), d, false};
	struct mblock *b = m->nginx;
	char *out = NULL;

	if (!b) { /* no nginx block: every default */
		b = must(talloc_zero(w.ctx, struct mblock));
		b->kind = SB_NGINX;
		b->first = schema_first(SB_NGINX);
		b->v = must(talloc_zero_array(b, struct mvalue, schema_count(SB_NGINX)));
		for (size_t i = 0; i < schema_count(SB_NGINX); i++) {
			const struct schema_key *k = &schema_keys[b->first + i];
			b->v[i] = (struct mvalue){
				.num = k->def_num, .word = k->def_str, .str = {k->def_str, false}};
		}
	}
	bool use_listen = MV(b, NGX_UPSTREAM)->num == 1;
	if (!MV(m->supervisor, use_listen ? SUP_LISTEN : SUP_SOCKET)->stmt) {
		diag_report(d, D_CONFLICT, (struct loc){NULL, 0, 0},
			    "the nginx snippet "
			    "proxies to the supervisor's %s, but supervisor sets no '%s'",
			    use_listen ? "listen address" : "unix socket",
			    use_listen ? "listen" : "socket");
		goto done;
	}
	const char *location = ngx_value(&w, MV(b, NGX_LOCATION), "the location");
	const char *kv[] = {
		"SOURCE",
		source,
		"LOCATION",
		location,
		"SERVER_NAME",
		ngx_value(&w, MV(b, NGX_SERVER_NAME), "server_name"),
		"LISTEN",
		ngx_listen(w.ctx, MV(b, NGX_LISTEN)),
		"UPSTREAM_NAME",
		upstream_name(w.ctx, location),
		"UPSTREAM",
		upstream_addr(&w, m, use_listen),
		/* svcd's TCP listener takes only its own address as Host (DNS
		   rebinding): name it; the unix socket takes any */
		"HOST",
		use_listen ? upstream_addr(&w, m, use_listen) : "$http_host",
		"ACCESS",
		ngx_access(&w, b),
		"AUTH_NOTE",
		MV(m->supervisor, SUP_AUTH)->stmt
			? "# The panel asks for the supervisor's auth user name and password;\n"
			  "# nginx passes the browser's answer through.\n"
			: "",
		NULL,
	};
	if (!w.failed)
		out = emit_fill(ctx, emit_template("nginx-svc.conf"), kv);
done:
	talloc_free(w.ctx);
	return out;
}
