# Format Document (Shift+Alt+F) on this file: keywords upper-cased, one space after
# the keyword and between flags; continuation lines indented, hand alignment kept.
FROM alpine:3.20
run   apk add --no-cache \
  curl \
      git
copy  --chown=app:app   app.txt /srv/app.txt
ENV A=1    B=2
