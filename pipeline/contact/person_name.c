/*
 * person_name.c — freeing a name's parts (see person_name.h).
 */
#include "contact/person_name.h"

#include <stdlib.h>
#include <string.h>

void kith_name_release(kith_name *n)
{
    free(n->name);
    free(n->given);
    free(n->family);
    free(n->prefix);
    free(n->credentials);
    memset(n, 0, sizeof *n);
}
