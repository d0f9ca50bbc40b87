"""The welfare e-services portal: web application, login, layout and command line."""
