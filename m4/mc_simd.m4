# MC_CHECK_SIMD(NAME, FLAGS, HEADER, BODY)
# Compile BODY (which must use a real intrinsic of the ISA) with FLAGS.
# On success: NAME_CFLAGS is substituted and HAVE_NAME is defined.
# The automake conditional HAVE_NAME is always emitted.
AC_DEFUN([MC_CHECK_SIMD], [
  AC_CACHE_CHECK([whether $CC can compile $1 intrinsics with '$2'], [mc_cv_simd_$1], [
    mc_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS $2"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([#include <$3>], [$4])],
                      [mc_cv_simd_$1=yes], [mc_cv_simd_$1=no])
    CFLAGS=$mc_save_CFLAGS])
  AS_IF([test "x$mc_cv_simd_$1" = xyes], [
    AC_SUBST([$1_CFLAGS], ["$2"])
    AC_DEFINE([HAVE_$1], [1], [Define to 1 to build the $1 kernels.])
  ])
  AM_CONDITIONAL([HAVE_$1], [test "x$mc_cv_simd_$1" = xyes])
])
