# `make install PREFIX=DIR` (cmake --install build --prefix DIR): the tpe
# command, the data it reads (engine descriptions, DRAM presets, sweep specs,
# the paper comparison, the stories260K model and its licence) and the docs.
# An installed tpe finds its data at PREFIX/share/tpe from its own location
# (models/util/data_path.cpp), so the prefix may be moved.
include(GNUInstallDirs)
install(TARGETS tpe RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/configs ${PROJECT_SOURCE_DIR}/data DESTINATION ${CMAKE_INSTALL_DATADIR}/tpe)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
