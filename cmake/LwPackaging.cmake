# Debian package of the whole application (CLI, GUI, sentencepiece module, desktop
# entry, icon, AppStream metainfo).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME llm-workbench)
set(CPACK_PACKAGE_VENDOR "LLM Workbench")
set(CPACK_PACKAGE_CONTACT "LLM Workbench developers <dev@llm-workbench.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp")
include(CPack)
