/* Internal: CPU feature detection and the choice of code path. */
#ifndef MC_CPU_H
#define MC_CPU_H

#include <mimecodec/common.h>

/*
 * The concrete path a call runs on: requested itself when supported, the
 * active path for MC_ISA_AUTO.  Returns MC_ISA_AUTO (and sets *status)
 * when the request cannot be honoured.
 */
mc_isa mc_isa_resolve(mc_isa requested, mc_status *status);

#endif
