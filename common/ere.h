/* What svc adds to POSIX extended regular expressions (ready log): no
 * back-references. Matching one is exponential in the line's length, and
 * svcd matches in its one loop; svcc refuses them and svcd's loader too. */
#ifndef SVC_ERE_H
#define SVC_ERE_H

/* The digit of RE's first back-reference ('1' .. '9'), or 0 for none. */
char ere_backref(const char *re);

#endif
