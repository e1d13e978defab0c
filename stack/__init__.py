"""The production stack started by the tests (make prod-check) and the sandbox payment gateway it talks to."""
