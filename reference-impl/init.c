/*
 * init.c --
 *
 *	Package initialisation of refsock: creates refsock::socket and
 *	provides the package.
 */

#include "refsock.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1"
#endif

/*
 * The entry point is the one symbol the shared library exports (it is
 * built with hidden visibility); "load" finds it by the library's name.
 */

#if defined(__GNUC__)
#define RS_EXPORT __attribute__((visibility("default")))
#else
#define RS_EXPORT
#endif

RS_EXPORT int	Refsock_Init(Tcl_Interp *interp);

/*
 *----------------------------------------------------------------------
 *
 * Refsock_Init --
 *
 *	Initialises the stubs table and creates the refsock::socket command.
 *	The stubs table is accepted from the Tcl whose headers the library
 *	was compiled with (TCL_VERSION: "8.6" or "9.0") or a later release
 *	of the same major version: a Tcl 9 build does not load into 8.6 and
 *	an 8.6 build does not load into 9 (the stubs tables differ).
 *
 * Results:
 *	A standard Tcl result.
 *
 * Side effects:
 *	Creates the ::refsock namespace and command; provides the package.
 *
 *----------------------------------------------------------------------
 */

int
Refsock_Init(
    Tcl_Interp *interp)
{
    if (Tcl_InitStubs(interp, TCL_VERSION, 0) == NULL) {
	return TCL_ERROR;
    }
    if (Tcl_FindNamespace(interp, "::refsock", NULL, 0) == NULL
	    && Tcl_CreateNamespace(interp, "::refsock", NULL, NULL) == NULL) {
	return TCL_ERROR;
    }
    Tcl_CreateObjCommand(interp, "::refsock::socket", RsSocketObjCmd, NULL,
	    NULL);
    return Tcl_PkgProvide(interp, "refsock", PACKAGE_VERSION);
}
