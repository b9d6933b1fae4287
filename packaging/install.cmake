# `cmake --install build [--prefix P]`: the FHS layout below P (default /usr/local). The binary finds its resources
# relative to itself (core/common/resources.h), so the installed tree can be copied to any other prefix.
#   bin/interlens
#   share/interlens/{models,prompts,stopwords}        bundled models, demo and study prompts, stop words
#   share/doc/interlens/                               README, LICENSE, CITATION.cff, docs/, examples/, screenshots
#   share/applications/, share/metainfo/               .desktop file, AppStream metainfo
#   share/icons/hicolor/scalable/apps/                 the SVG icon
#   share/mime/packages/                               MIME types of session and study files
include(GNUInstallDirs)
# Lower case, as Debian and docsDir() (core/common/resources.h) expect, not GNUInstallDirs' share/doc/Interlens.
set(CMAKE_INSTALL_DOCDIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/interlens)

set(INTERLENS_APP_ID io.github.interlens.Interlens)
set(_linux ${PROJECT_SOURCE_DIR}/packaging/linux)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/models ${PROJECT_SOURCE_DIR}/resources/prompts
                  ${PROJECT_SOURCE_DIR}/resources/stopwords
        DESTINATION ${CMAKE_INSTALL_DATADIR}/interlens)
install(FILES README.md LICENSE CITATION.cff DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES docs/python.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(PROGRAMS examples/read_session.py DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
# The README's pictures, at the relative paths it links them from.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/screenshots DESTINATION ${CMAKE_INSTALL_DOCDIR}/resources)
install(FILES ${_linux}/${INTERLENS_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${_linux}/${INTERLENS_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${_linux}/${INTERLENS_APP_ID}.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${_linux}/${INTERLENS_APP_ID}.mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
        RENAME ${INTERLENS_APP_ID}.xml)
