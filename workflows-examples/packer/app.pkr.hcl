# The application image that bake-and-deploy.yml bakes and deploy-asg rolls out red/black.
#
#   packer init app.pkr.hcl && packer build -var app_version=$(git rev-parse HEAD) app.pkr.hcl
#
# Two sources, one build:
#   amazon-ebs.app       the real bake: Amazon Linux 2023, provisioned over SSH.
#   amazon-ebs.emulator  the same AMI shape against a local emulator (moto) for act and demos: no instance to
#                        SSH into (communicator "none"), so the provisioners run only for amazon-ebs.app.
# bake-ami picks one with its `only` input (amazon-ebs.app on GitHub, amazon-ebs.emulator under act).
#
# Local sources, for the developer's VM from the same recipe (`immutable dev-vm build`, a Vagrant box):
#   qemu.dev             libvirt/QEMU box (vagrant-libvirt), provisioned over SSH like amazon-ebs.app. Needs an
#                        installer ISO of an OS with dnf and SSH (local_iso_url, local_iso_checksum, a kickstart
#                        in local_boot_command).
#   virtualbox-iso.dev   the same for VirtualBox users.
#   qemu.smoke           boots an ISO and powers off, no communicator, no provisioning: proves the box pipeline
#                        (build, bake hash inside, vagrant box add) in CI in seconds (accelerator tcg works
#                        without KVM).
# The vagrant post-processor puts the file named by IMMUTABLE_BAKE_HASH_FILE (the AMI's bake hash, written by
# `immutable dev-vm build` and bake-ami) into the box as `bake-hash`.

packer {
  required_version = ">= 1.10.0"
  required_plugins {
    amazon = {
      version = ">= 1.3.0"
      source  = "github.com/hashicorp/amazon"
    }
  }
}

variable "app" {
  type        = string
  default     = "shop"
  description = "Application name; also the Frigga app of the cluster (shop-prod)."
}

variable "app_version" {
  type        = string
  default     = "dev"
  description = "What is baked, e.g. the commit SHA. Recorded as a tag and in /etc/app-version."
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "instance_type" {
  type    = string
  default = "t3.small"
}

variable "ec2_endpoint" {
  type        = string
  default     = "http://127.0.0.1:5000"
  description = "Only for amazon-ebs.emulator: the emulator's URL (act: http://host.docker.internal:5000)."
}

variable "local_iso_url" {
  type        = string
  default     = ""
  description = "Local sources: the installer ISO (path or URL), e.g. an AlmaLinux or Fedora netinst."
}

variable "local_iso_checksum" {
  type    = string
  default = "none"
}

variable "local_boot_command" {
  type        = list(string)
  default     = []
  description = "Local sources: keys typed at the ISO's boot prompt, e.g. to start a kickstart install."
}

variable "local_boot_wait" {
  type    = string
  default = "10s"
}

variable "box_directory" {
  type    = string
  default = "boxes"
}

variable "bake_hash_file" {
  type        = string
  default     = env("IMMUTABLE_BAKE_HASH_FILE")
  description = "Set by immutable dev-vm build and bake-ami: the bake hash, put into the box as bake-hash."
}

locals {
  # Unique and sortable; bake-ami reads the AMI id from Packer's output, never from the name.
  stamp = formatdate("YYYYMMDDhhmmss", timestamp())
  tags = {
    app         = var.app
    app-version = var.app_version
    base        = "{{ .SourceAMIName }}"
  }
}

source "amazon-ebs" "app" {
  region        = var.region
  instance_type = var.instance_type
  ssh_username  = "ec2-user"
  ami_name      = "${var.app}-${local.stamp}"
  # IMDSv2 only, on the build instance and on every instance launched from the AMI.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
  imds_support = "v2.0"
  source_ami_filter {
    filters = {
      name                = "al2023-ami-2023.*-x86_64"
      architecture        = "x86_64"
      virtualization-type = "hvm"
      root-device-type    = "ebs"
    }
    owners      = ["amazon"]
    most_recent = true
  }
  tags          = local.tags
  snapshot_tags = local.tags
}

source "amazon-ebs" "emulator" {
  region                  = var.region
  instance_type           = var.instance_type
  ami_name                = "${var.app}-${local.stamp}"
  communicator            = "none"
  custom_endpoint_ec2     = var.ec2_endpoint
  skip_region_validation  = true
  skip_metadata_api_check = true
  # moto ships Amazon Linux 2 images, not AL2023.
  source_ami_filter {
    filters = {
      name                = "amzn2-ami-hvm-*-x86_64-gp2"
      virtualization-type = "hvm"
    }
    owners      = ["amazon"]
    most_recent = true
  }
  tags = local.tags
}

source "qemu" "dev" {
  iso_url          = var.local_iso_url
  iso_checksum     = var.local_iso_checksum
  accelerator      = "tcg"
  headless         = true
  boot_wait        = var.local_boot_wait
  boot_command     = var.local_boot_command
  ssh_username     = "vagrant"
  ssh_password     = "vagrant"
  ssh_timeout      = "30m"
  shutdown_command = "echo vagrant | sudo -S poweroff"
  disk_size        = "8G"
  format           = "qcow2"
  output_directory = "output-qemu-dev"
}

source "qemu" "smoke" {
  iso_url          = var.local_iso_url
  iso_checksum     = var.local_iso_checksum
  accelerator      = "tcg"
  headless         = true
  boot_wait        = var.local_boot_wait
  communicator     = "none"
  disk_size        = "64M"
  format           = "qcow2"
  output_directory = "output-qemu-smoke"
}

source "virtualbox-iso" "dev" {
  guest_os_type    = "RedHat_64"
  iso_url          = var.local_iso_url
  iso_checksum     = var.local_iso_checksum
  headless         = true
  boot_wait        = var.local_boot_wait
  boot_command     = var.local_boot_command
  ssh_username     = "vagrant"
  ssh_password     = "vagrant"
  ssh_timeout      = "30m"
  shutdown_command = "echo vagrant | sudo -S poweroff"
  disk_size        = 8192
}

build {
  sources = [
    "source.amazon-ebs.app",
    "source.amazon-ebs.emulator",
    "source.qemu.dev",
    "source.qemu.smoke",
    "source.virtualbox-iso.dev",
  ]

  # One recipe for the AMI and the developer's VM.
  provisioner "shell" {
    only            = ["amazon-ebs.app", "qemu.dev", "virtualbox-iso.dev"]
    execute_command = "sudo -E sh -eux '{{ .Path }}'"
    environment_vars = [
      "APP=${var.app}",
      "APP_VERSION=${var.app_version}",
    ]
    inline = [
      "dnf -y upgrade --releasever=latest",
      "dnf -y install nginx",
      # The health check the target group polls; deploy-asg waits until every instance passes it.
      "mkdir -p /usr/share/nginx/html/health",
      "echo ok > /usr/share/nginx/html/health/index.html",
      "printf '%s %s\\n' \"$APP\" \"$APP_VERSION\" > /etc/app-version",
      "cp /etc/app-version /usr/share/nginx/html/version.txt",
      "systemctl enable nginx",
      # Nothing of the build instance may leak into the image.
      "rm -rf /home/ec2-user/.ssh/authorized_keys /root/.ssh/authorized_keys /var/log/cloud-init*.log",
    ]
  }

  post-processor "vagrant" {
    only    = ["qemu.dev", "qemu.smoke", "virtualbox-iso.dev"]
    output  = "${var.box_directory}/{{.BuildName}}-{{.Provider}}.box"
    include = var.bake_hash_file == "" ? [] : [var.bake_hash_file]
  }

  post-processor "manifest" {
    output     = "packer-manifest.json"
    strip_path = true
    custom_data = {
      app_version = var.app_version
    }
  }
}
