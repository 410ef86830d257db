#pragma once
// Writing attributes the way Python (h5py) and MATLAB read them back as plain values: strings are
// variable-length UTF-8, lists of strings 1-D arrays of them.
#include <H5Cpp.h>

#include <string>
#include <vector>

namespace kneeload {

H5::StrType get_string_type();
void write_string_attribute(H5::H5Object& object, const char* name, const std::string& value);
void write_strings_attribute(H5::H5Object& object, const char* name,
                             const std::vector<std::string>& values);

}  // namespace kneeload
