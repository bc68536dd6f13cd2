/* The XML-RPC methods' argument checks: each sets supervisord's fault in
 * RES when an argument is missing, mistyped or names nothing. */
#include "methods.h"

bool rpc_nargs(struct rpc_call *x, size_t min, size_t max, struct op_res *res)
{
	if (x->nparams < min || x->nparams > max) {
		op_fault(res, XR_INCORRECT_PARAMETERS, NULL);
		return false;
	}
	return true;
}

const char *rpc_str_arg(struct rpc_call *x, size_t i, struct op_res *res)
{
	struct xr_value *v = xr_at(x->params, i);

	if (!v || v->type != XR_STRING) {
		op_fault(res, XR_INCORRECT_PARAMETERS, "expected a string");
		return NULL;
	}
	return v->u.str.s;
}

bool rpc_int_arg(struct rpc_call *x, size_t i, int64_t *out, struct op_res *res)
{
	struct xr_value *v = xr_at(x->params, i);

	if (!v || (v->type != XR_INT && v->type != XR_BOOL)) {
		op_fault(res, XR_INCORRECT_PARAMETERS, "expected an int");
		return false;
	}
	*out = v->u.i;
	return true;
}

bool rpc_bool_arg(struct rpc_call *x, size_t i, bool *out, struct op_res *res)
{
	struct xr_value *v = xr_at(x->params, i);

	*out = true;
	if (!v)
		return true;
	if (v->type == XR_BOOL || v->type == XR_INT) {
		*out = v->u.i != 0;
		return true;
	}
	op_fault(res, XR_INCORRECT_PARAMETERS, "expected a boolean");
	return false;
}

bool rpc_up(struct rpc_call *x, struct op_res *res)
{
	if (x->r->sup->shutdown) {
		op_fault(res, XR_SHUTDOWN_STATE, NULL);
		return false;
	}
	return true;
}

struct proc *rpc_proc_arg(struct rpc_call *x, struct op_res *res)
{
	const char *ns = rpc_str_arg(x, 0, res);
	struct proc *p;

	if (!ns)
		return NULL;
	p = view_lookup(x->r->view, ns);
	if (!p)
		op_fault(res, XR_BAD_NAME, ns);
	return p;
}

bool rpc_resolve(struct rpc *r, const char *ns, struct proc **p, char *group, size_t glen,
		 struct op_res *res)
{
	if (view_resolve(r->view, ns, p, group, glen))
		return true;
	op_fault(res, XR_BAD_NAME, ns);
	return false;
}
