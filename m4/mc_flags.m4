# MC_APPEND_CFLAGS(FLAGS, VARIABLE)
# Append to VARIABLE each flag of FLAGS that $CC accepts without a warning.
AC_DEFUN([MC_APPEND_CFLAGS], [
  for mc_flag in $1; do
    AS_VAR_PUSHDEF([mc_cache], [mc_cv_cflag_$mc_flag])
    AC_CACHE_CHECK([whether $CC accepts $mc_flag], [mc_cache], [
      mc_save_CFLAGS=$CFLAGS
      CFLAGS="$CFLAGS -Werror $mc_flag"
      AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
        [AS_VAR_SET([mc_cache], [yes])], [AS_VAR_SET([mc_cache], [no])])
      CFLAGS=$mc_save_CFLAGS])
    AS_VAR_IF([mc_cache], [yes], [$2="$$2 $mc_flag"])
    AS_VAR_POPDEF([mc_cache])
  done
])
