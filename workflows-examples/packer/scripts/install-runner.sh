#!/usr/bin/env bash
# Provisions the self-hosted runner image (Amazon Linux 2023): git, Node.js, Packer and the GitHub Actions
# runner agent, each verified before it is installed. Run by runner.pkr.hcl as root; every version comes in
# through the environment. Nothing secret is baked: the runner registers at boot with a just-in-time config.
set -euo pipefail

: "${RUNNER_VERSION:?}" "${NODE_VERSION:?}" "${PACKER_VERSION:?}"
if [[ ! "${RUNNER_SHA256:-}" =~ ^[0-9a-f]{64}$ ]]; then
  echo "RUNNER_SHA256 must be the 64-hex SHA-256 of actions-runner-linux-x64-${RUNNER_VERSION}.tar.gz" >&2
  exit 1
fi

dnf -y upgrade --releasever=latest
# libicu: the agent is a .NET app; tar/gzip unpack what setup-* actions download; jq for the boot script.
dnf -y install git tar gzip xz libicu jq dnf-plugins-core

# Packer from HashiCorp's repository (packages signed with HashiCorp's key, checked by dnf).
dnf config-manager --add-repo https://rpm.releases.hashicorp.com/AmazonLinux/hashicorp.repo
dnf -y install "packer-${PACKER_VERSION}"
packer version

# Node.js from the official tarball, checked against the release's SHASUMS256.txt.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node_tar="node-v${NODE_VERSION}-linux-x64.tar.xz"
curl -fsSLo "$work/$node_tar" "https://nodejs.org/dist/v${NODE_VERSION}/${node_tar}"
curl -fsSLo "$work/SHASUMS256.txt" "https://nodejs.org/dist/v${NODE_VERSION}/SHASUMS256.txt"
(cd "$work" && grep " ${node_tar}\$" SHASUMS256.txt | sha256sum -c -)
tar -xJf "$work/$node_tar" -C /usr/local --strip-components=1 --no-same-owner
node --version

# The runner agent, as its own unprivileged user (the agent refuses to run as root).
id runner >/dev/null 2>&1 || useradd --create-home --shell /bin/bash runner
runner_tar="actions-runner-linux-x64-${RUNNER_VERSION}.tar.gz"
curl -fsSLo "$work/$runner_tar" \
  "https://github.com/actions/runner/releases/download/v${RUNNER_VERSION}/${runner_tar}"
echo "${RUNNER_SHA256}  $work/$runner_tar" | sha256sum -c -
install -d -o runner -g runner /opt/actions-runner
tar -xzf "$work/$runner_tar" -C /opt/actions-runner
chown -R runner:runner /opt/actions-runner

# At boot: user data writes a just-in-time config (POST /repos/{owner}/{repo}/actions/runners/generate-jitconfig,
# done by whatever launches the instance) to /etc/actions-runner/jitconfig. The runner takes one job and the
# instance powers off, so every job gets a fresh machine from this image.
install -d -m 0750 -o root -g runner /etc/actions-runner
cat >/usr/local/bin/actions-runner-boot <<'BOOT'
#!/usr/bin/env bash
set -euo pipefail
config=/etc/actions-runner/jitconfig
for _ in $(seq 1 60); do [[ -s $config ]] && break; sleep 5; done
[[ -s $config ]] || { echo "no $config after 5 minutes" >&2; exit 1; }
cd /opt/actions-runner
runuser -u runner -- ./run.sh --jitconfig "$(cat "$config")" || true
shred -u "$config" || rm -f "$config"
systemctl poweroff
BOOT
chmod 0755 /usr/local/bin/actions-runner-boot
cat >/etc/systemd/system/actions-runner.service <<'UNIT'
[Unit]
Description=GitHub Actions runner (ephemeral, just-in-time config)
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart=/usr/local/bin/actions-runner-boot
Restart=no

[Install]
WantedBy=multi-user.target
UNIT
systemctl enable actions-runner.service

# Leave nothing of the build instance in the image.
dnf clean all
rm -rf /home/ec2-user/.ssh/authorized_keys /root/.ssh/authorized_keys /var/log/cloud-init*.log
echo "runner image: agent ${RUNNER_VERSION}, node ${NODE_VERSION}, packer ${PACKER_VERSION}"
