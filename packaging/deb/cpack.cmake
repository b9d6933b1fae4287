# `cpack --config build/CPackConfig.cmake` -> interlens_<version>_amd64.deb (Debian 12). The Depends are Debian 12's
# runtime packages of what the binary links (checked against `ldd` by packaging/deb/check-deb.sh) plus
# libopenblas0-pthread, which libtorch only reaches through the libblas.so.3 alternative: without it libtorch falls
# back to the reference BLAS and runs about 20 times slower.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/deb/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME interlens)
set(CPACK_PACKAGE_VENDOR "The Interlens authors")
set(CPACK_PACKAGE_CONTACT "The Interlens authors <interlens@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "shared AND/OR interactions of several language models")
set(CPACK_PACKAGE_DESCRIPTION
    "Interlens gives several causal language models the same prompt, masks chosen words in all combinations, "
    "decomposes each model's log-odds of the next token into AND and OR interactions and shows the ones the "
    "models share. Desktop application and headless CLI; four bundled models trained on the King James Bible.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # interlens_<version>_<arch>.deb
set(CPACK_STRIP_FILES TRUE) # the RelWithDebInfo binary is ~130 MB with its debug info, ~30 MB without
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/interlens/interlens")
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libtorch1.13, libopenblas0-pthread, libqt6core6 (>= 6.4), libqt6gui6 (>= 6.4), libqt6widgets6 (>= 6.4), \
libqt6svg6 (>= 6.4), libqt6printsupport6 (>= 6.4), libqcustomplot2.1-qt6, libhdf5-103-1, libpcre2-8-0, zlib1g, \
libgomp1, libstdc++6 (>= 12), libc6 (>= 2.36)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-qpa-plugins, shared-mime-info, desktop-file-utils, python3-h5py")
include(CPack)
