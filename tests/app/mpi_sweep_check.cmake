# Runs a sweep on 2 threads and on 2 MPI ranks (1 thread each) and compares the files bit for bit
# with sweep_compare. Inputs: KNEELOAD, MPIEXEC, COMPARE, SPEC, WORK.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${KNEELOAD} sweep ${SPEC} -o ${WORK}/threads.h5 --threads 2
                RESULT_VARIABLE threaded)
if(NOT threaded EQUAL 0)
  message(FATAL_ERROR "threaded sweep failed: ${threaded}")
endif()
execute_process(COMMAND ${MPIEXEC} --allow-run-as-root --oversubscribe -n 2
                        ${KNEELOAD} sweep ${SPEC} -o ${WORK}/mpi.h5 --threads 1
                RESULT_VARIABLE mpi)
if(NOT mpi EQUAL 0)
  message(FATAL_ERROR "MPI sweep failed: ${mpi}")
endif()
file(GLOB leftovers ${WORK}/mpi.h5.*)
if(leftovers)
  message(FATAL_ERROR "MPI sweep left shard files behind: ${leftovers}")
endif()
execute_process(COMMAND ${COMPARE} ${WORK}/threads.h5 ${WORK}/mpi.h5 RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "MPI and threaded sweeps differ")
endif()
file(REMOVE_RECURSE ${WORK})
