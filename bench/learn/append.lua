-- wrk script: POST a message to one of the prepared chat sessions.
-- Usage: wrk … -s append.lua -- <file with one session id per line>
local sessions = {}
local body = '{"role":"user","content":"How do I publish a ROS 2 topic from Python?",' ..
             '"citations":[{"source":"ros2/ch03.md","title":"Topics","score":0.87}]}'

function init(args)
  for line in io.lines(args[1]) do
    sessions[#sessions + 1] = line
  end
  math.randomseed(os.time() + math.random(1000))
end

function request()
  local id = sessions[math.random(#sessions)]
  return wrk.format("POST", "/api/chat/sessions/" .. id .. "/messages",
                    {["Content-Type"] = "application/json"}, body)
end

function response(status)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
