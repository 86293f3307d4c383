# Debian package of the whole application (CLI, GUI, sentencepiece module, desktop
# entry, icon, AppStream metainfo). `cpack -G DEB` in a build folder makes it.
if(WITH_GUI)
  # The desktop entry and the metainfo name each other: the entry's file name is the
  # metainfo's launchable, and the icon name is the entry's Icon=.
  install(FILES ${CMAKE_SOURCE_DIR}/packaging/llm-workbench.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${CMAKE_SOURCE_DIR}/packaging/io.github.llm_workbench.llm_workbench.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/llm-workbench.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME llm-workbench)
set(CPACK_PACKAGE_VENDOR "LLM Workbench")
set(CPACK_PACKAGE_CONTACT "LLM Workbench developers <dev@llm-workbench.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "LLM Workbench pretrains language models on your own computer. The desktop app\n"
    "(llm-workbench) sets runs up by pointing and clicking and shows them live: loss\n"
    "curves, learning rate, throughput and generated samples. The command-line tool\n"
    "(llmwb) runs every job headless and is the app's worker process.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/llm-workbench/llm-workbench")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp")
include(CPack)
