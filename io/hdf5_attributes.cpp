#include "io/hdf5_attributes.hpp"

namespace kneeload {

H5::StrType get_string_type() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

void write_string_attribute(H5::H5Object& object, const char* name, const std::string& value) {
  const H5::StrType type = get_string_type();
  object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, value);
}

void write_strings_attribute(H5::H5Object& object, const char* name,
                             const std::vector<std::string>& values) {
  const H5::StrType type = get_string_type();
  const hsize_t dims[1] = {values.size()};
  H5::Attribute attribute = object.createAttribute(name, type, H5::DataSpace(1, dims));
  std::vector<const char*> pointers;  // [values.size()]
  for (const std::string& value : values) pointers.push_back(value.c_str());
  if (!values.empty()) attribute.write(type, pointers.data());
}

}  // namespace kneeload
