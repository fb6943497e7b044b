#include "learn/default_catalog.hpp"

namespace atrium::learn {
namespace {

// Keep byte-identical to share/questionnaire/robotics-v1.json (checked by a unit test).
constexpr std::string_view kRoboticsV1 = R"json(
{
  "id": "robotics-background",
  "version": "1",
  "title": "Your background in software, hardware and robotics",
  "questions": [
    {
      "id": "experience_level",
      "prompt": "How would you describe your overall experience with robotics?",
      "kind": "single_choice",
      "required": true,
      "profile_field": "experience_level",
      "options": [
        {"value": "beginner", "label": "Beginner: new to robotics"},
        {"value": "intermediate", "label": "Intermediate: built or programmed a robot before"},
        {"value": "advanced", "label": "Advanced: work on robots regularly"}
      ]
    },
    {
      "id": "programming_years",
      "prompt": "How many years have you been programming?",
      "kind": "number",
      "required": true,
      "integer": true,
      "min": 0,
      "max": 80,
      "profile_field": "programming_years"
    },
    {
      "id": "programming_languages",
      "prompt": "Which programming languages are you comfortable with?",
      "kind": "multiple_choice",
      "required": false,
      "profile_field": "software_background.languages",
      "options": [
        {"value": "python", "label": "Python"},
        {"value": "cpp", "label": "C++"},
        {"value": "c", "label": "C"},
        {"value": "rust", "label": "Rust"},
        {"value": "javascript", "label": "JavaScript / TypeScript"},
        {"value": "matlab", "label": "MATLAB"},
        {"value": "other", "label": "Something else"}
      ]
    },
    {
      "id": "software_frameworks",
      "prompt": "Which robotics and AI software have you used?",
      "kind": "multiple_choice",
      "required": false,
      "profile_field": "software_background.frameworks",
      "options": [
        {"value": "ros1", "label": "ROS 1"},
        {"value": "ros2", "label": "ROS 2"},
        {"value": "gazebo", "label": "Gazebo"},
        {"value": "isaac_sim", "label": "NVIDIA Isaac Sim"},
        {"value": "unity", "label": "Unity"},
        {"value": "opencv", "label": "OpenCV"},
        {"value": "pytorch", "label": "PyTorch"},
        {"value": "tensorflow", "label": "TensorFlow"}
      ]
    },
    {
      "id": "hardware_platforms",
      "prompt": "Which hardware have you worked with?",
      "kind": "multiple_choice",
      "required": false,
      "profile_field": "hardware_background.platforms",
      "options": [
        {"value": "arduino", "label": "Arduino or other microcontrollers"},
        {"value": "raspberry_pi", "label": "Raspberry Pi"},
        {"value": "jetson", "label": "NVIDIA Jetson"},
        {"value": "robot_arm", "label": "A robot arm"},
        {"value": "mobile_robot", "label": "A wheeled or legged robot"},
        {"value": "drone", "label": "A drone"}
      ]
    },
    {
      "id": "hardware_components",
      "prompt": "Which components have you wired up or programmed?",
      "kind": "multiple_choice",
      "required": false,
      "profile_field": "hardware_background.components",
      "options": [
        {"value": "motors", "label": "Motors and servos"},
        {"value": "cameras", "label": "Cameras"},
        {"value": "lidar", "label": "LiDAR"},
        {"value": "imu", "label": "IMU"},
        {"value": "depth_sensors", "label": "Depth sensors"}
      ]
    },
    {
      "id": "has_robotics_projects",
      "prompt": "Have you built a robotics project before?",
      "kind": "yes_no",
      "required": true,
      "profile_field": "has_robotics_projects"
    },
    {
      "id": "robotics_projects_description",
      "prompt": "If so, tell us briefly about it.",
      "kind": "free_text",
      "required": false,
      "max_length": 2000,
      "profile_field": "robotics_projects_description"
    },
    {
      "id": "learning_style",
      "prompt": "How do you prefer to learn?",
      "kind": "single_choice",
      "required": false,
      "profile_field": "learning_style",
      "options": [
        {"value": "visual", "label": "Diagrams and visual explanations"},
        {"value": "auditory", "label": "Listening and discussion"},
        {"value": "reading", "label": "Reading text"},
        {"value": "hands_on", "label": "Hands-on exercises"},
        {"value": "mixed", "label": "A mix"}
      ]
    },
    {
      "id": "learning_goals",
      "prompt": "What do you want to be able to do after the course?",
      "kind": "free_text",
      "required": false,
      "max_length": 2000,
      "profile_field": "learning_goals"
    },
    {
      "id": "weekly_hours",
      "prompt": "How many hours a week can you spend on the course?",
      "kind": "number",
      "required": false,
      "integer": true,
      "min": 0,
      "max": 80
    }
  ]
}
)json";

}  // namespace

std::string_view default_catalog_json() {
  // Drop the newline that follows the raw string's opening delimiter.
  return kRoboticsV1.substr(1);
}

Catalog load_configured_catalog(const EnvLookup& env) {
  if (auto path = env("ATRIUM_QUESTIONNAIRE_FILE")) return load_catalog_file(*path);
  return parse_catalog(default_catalog_json());
}

}  // namespace atrium::learn
